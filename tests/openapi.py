"""Hold API responses to the OpenAPI schema the API publishes.

:class:`ApiClient` wraps Django's test client: every response it returns has been checked
against the schema of its operation and status code (an undocumented status fails the test).
"""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, FormatChecker

from kamp.api import api
from kamp.users.services import token_create

if TYPE_CHECKING:
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from kamp.users.models import User


@functools.cache
def openapi_schema() -> dict[str, Any]:
    """The API's OpenAPI document as plain JSON data, generated once per test run."""
    result: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema()))
    return result


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}$")


def find_operation(path: str, method: str) -> dict[str, Any]:
    """The OpenAPI operation serving ``method path``; fails if the schema has none."""
    for template, operations in openapi_schema()["paths"].items():
        if _template_pattern(template).match(path) and method.lower() in operations:
            operation: dict[str, Any] = operations[method.lower()]
            return operation
    raise AssertionError(f"{method} {path} is not in the OpenAPI schema")


def response_schema(path: str, method: str, status: int) -> dict[str, Any] | None:
    """The JSON schema of a response body (``None`` for a response without a body)."""
    responses = find_operation(path, method)["responses"]
    assert str(status) in responses, f"{method} {path} answered {status}, which is undocumented"
    content = responses[str(status)].get("content")
    if not content:
        return None
    schema: dict[str, Any] = content["application/json"]["schema"]
    return schema


def assert_matches_schema(path: str, method: str, status: int, body: bytes) -> None:
    """Fail unless ``body`` is what the schema promises for this operation and status."""
    schema = response_schema(path, method, status)
    if schema is None:
        assert body == b"", f"{method} {path} {status} should have no body"
        return
    # Wrapping the components in the root lets "#/components/schemas/…" references resolve.
    root = {**schema, "components": openapi_schema()["components"]}
    validator = Draft202012Validator(root, format_checker=FormatChecker())
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(json.loads(body))
    ]
    assert not errors, f"{method} {path} {status} does not match its schema:\n" + "\n".join(errors)


class ApiClient:
    """Calls the API as one user (with a token, or with the client's session) and checks every
    response against the schema."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body: Any = None, **query: Any) -> TestResponse:
        """Send ``body`` as JSON (or ``query`` as the query string) and check the answer."""
        if method == "GET":
            response = self.client.get(path, query, headers=self.headers)
        else:
            response = self.client.generic(
                method,
                path,
                json.dumps(body) if body is not None else "",
                content_type="application/json",
                headers=self.headers,
            )
        assert_matches_schema(path, method, response.status_code, response.content)
        return response

    def get(self, path: str, **query: Any) -> TestResponse:
        return self.request("GET", path, **query)

    def post(self, path: str, body: Any) -> TestResponse:
        return self.request("POST", path, body)

    def patch(self, path: str, body: Any) -> TestResponse:
        return self.request("PATCH", path, body)

    def delete(self, path: str) -> TestResponse:
        return self.request("DELETE", path)


def api_client_for(client: Client, user: User) -> ApiClient:
    """An :class:`ApiClient` holding a fresh API token of ``user``."""
    _token, raw = token_create(actor=user, user=user, name="tests")
    return ApiClient(client, raw)
