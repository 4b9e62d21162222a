"""The HTTP API: django-ninja, versioned under /api/v1/, OpenAPI at /api/openapi.json.

Interactive documentation is served at /api/docs. Every operation needs a token or a session (see
:mod:`kamp.core.api`); errors are JSON with a ``detail`` key:

* 401: no credentials, or a bad or revoked token;
* 403: the object is visible but the action is not allowed (or the session's CSRF check failed);
* 404: the object does not exist or the user may not see it;
* 422: the input does not validate; ``detail`` lists each problem with its location (text
  holding NUL or another control character but tab and newlines is refused here too);
* 429: too many bad tokens from one address (see :mod:`kamp.users.api_auth`);
* 500: an unexpected error; ``{"detail": "Server error."}``, the traceback goes to the log.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import server_error as page_server_error
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled

from kamp.accounts.api import router as accounts_router
from kamp.casting.api import router as casting_router
from kamp.change.api import router as change_router
from kamp.core.api import reject_control_characters
from kamp.customers.api import router as customers_router
from kamp.documents.api import router as documents_router
from kamp.imports.api import router as imports_router
from kamp.organisation.api import router as organisation_router
from kamp.performance.api import router as performance_router
from kamp.programme.api import router as programme_router
from kamp.selection.api import router as selection_router
from kamp.users.api_auth import API_AUTH

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("django.request")

api = NinjaAPI(
    title="kamp API",
    version="1",
    description=(
        "Read and update the customer base of a Key Account Management programme. "
        "Authenticate with `Authorization: Bearer <token>`; create tokens on your profile page. "
        "You see and change exactly what you may in the web pages."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=API_AUTH,
)
api.add_router("/v1/", customers_router)
api.add_router("/v1/", selection_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", imports_router)
api.add_router("/v1/", programme_router)
api.add_router("/v1/", documents_router)
api.add_router("/v1/", casting_router)
api.add_router("/v1/", change_router)
api.add_router("/v1/", performance_router)
api.add_router("/v1/", organisation_router)
api.add_decorator(reject_control_characters)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Authentication required: send a valid API token or log in.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="kamp"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("You do not have permission to do this.")}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never echo the exception: it could tell an outsider what exists.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A model or service rejected the input: the same shape as a schema validation error."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    detail = [
        {
            "loc": ["body"] if field == NON_FIELD_ERRORS else ["body", field],
            "msg": message,
            "type": "invalid",
        }
        for field, messages in by_field.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Too many failed attempts: try again later.")}, status=429
    )
    if exc.wait:
        response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unexpected: JSON for the client (never the traceback), the traceback to the log."""
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    return api.create_response(request, {"detail": _("Server error.")}, status=500)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's ``handler500``: JSON under /api/ (a crash outside an operation, say in a
    middleware or while authenticating), the HTML error page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Server error.")},
            status=500,
            content_type="application/json; charset=utf-8",
        )
    return page_server_error(request)
