"""The HTTP API: django-ninja at /api/v1/, OpenAPI docs at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="kamp API", version="1", urls_namespace="api", docs_url="/docs")
