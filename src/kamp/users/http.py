"""Request types for views and API operations, so that type checking knows who is asking.

Every page requires login (``LoginRequiredMiddleware``) and every API operation authentication,
so views and operations annotate their request with these types instead of narrowing
``request.user`` with ``assert`` (asserts vanish under ``python -O``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from kamp.users.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A page request from a logged-in user, through django-htmx's middleware."""

    user: User
    htmx: HtmxDetails
