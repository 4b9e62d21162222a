"""Building blocks every API router shares: authentication, pagination and error shapes.

Two ways in, tried in order:

* ``Authorization: Bearer kamp_…``: an API token (see :mod:`kamp.users.services`). Scripts use it;
  it needs no CSRF token because the browser never sends it on its own.
* The browser session of a logged-in user, so pages can call the API. Unsafe methods then need the
  CSRF token, exactly as a form post would.

A request that carries an ``Authorization`` header is judged by that header alone: a bad token is a
401 even if a session cookie came along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from ninja import Field, Schema
from ninja.security import APIKeyCookie, HttpBearer

from kamp.users.models import User
from kamp.users.services import token_authenticate

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import Model, QuerySet
    from django.http import HttpRequest

#: The largest page a client may ask for; larger ``limit`` values are rejected with 422.
MAX_PAGE_SIZE = 200


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with an active API token of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        """Return the token's user, or ``None`` (401) for an unknown or revoked token."""
        user = token_authenticate(token)
        if user is not None:
            # Code below the API (services, templates) reads request.user, as in pages.
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods must carry Django's CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # A token request is never a session request, and an anonymous one is a plain 401:
        # only a real session gets the CSRF check (which answers 403 when it fails).
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        """Return the session's user when there is a session and it passed the CSRF check."""
        if key is None or not isinstance(request.user, User):
            return None
        return request.user


#: The API's authentication, in order.
API_AUTH = [TokenAuth(), SessionAuth()]


def request_user(request: HttpRequest) -> User:
    """The user an authenticated API request acts as."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # pragma: no cover (every operation requires auth)
        raise TypeError("The API operation ran without an authenticated user.")
    return user


class PageIn(Schema):
    """``limit``/``offset`` paging of list endpoints, answered as ``{"count", "items"}``.

    The default page size is ``KAMP_PAGE_SIZE``; a ``limit`` above :data:`MAX_PAGE_SIZE` is a 422.
    """

    limit: int = Field(
        settings.KAMP_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"How many items to return (at most {MAX_PAGE_SIZE}).",
    )
    offset: int = Field(0, ge=0, description="How many items to skip.")


def paginate[ModelT: Model](
    queryset: QuerySet[ModelT], page: PageIn, item: Callable[[ModelT], dict[str, Any]]
) -> dict[str, Any]:
    """One page of ``queryset`` as ``{"count", "items"}``, each row mapped by ``item``.

    Two queries whatever the page size: the count and the page.
    """
    start = page.offset
    return {
        "count": queryset.count(),
        "items": [item(row) for row in queryset[start : start + page.limit]],
    }


class ErrorOut(Schema):
    """The body of 401, 403 and 404 answers."""

    detail: str


class ErrorItem(Schema):
    """One reason a request was rejected: where (``loc``) and why (``msg``)."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """The body of 422 answers: every problem found, by location."""

    detail: list[ErrorItem]


#: Error answers every authenticated read can give.
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
#: Error answers every write can give.
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}
