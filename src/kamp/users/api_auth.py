"""How API requests authenticate, shared by every router.

Two ways in, tried in order:

* ``Authorization: Bearer kamp_…``: an API token (see :mod:`kamp.users.services`). Scripts use it;
  it needs no CSRF token because the browser never sends it on its own.
* The browser session of a logged-in user, so pages can call the API. Unsafe methods then need the
  CSRF token, exactly as a form post would.

A request that carries an ``Authorization`` header is judged by that header alone: a bad token is a
401 even if a session cookie came along. Bad tokens are counted per client address: after
``KAMP_API_TOKEN_FAILURE_LIMIT`` of them within ``KAMP_API_TOKEN_FAILURE_WINDOW`` seconds, that
address gets 429 until the window has passed, so tokens cannot be guessed at speed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from ninja.errors import Throttled
from ninja.security import APIKeyCookie, HttpBearer

from kamp.users.models import User
from kamp.users.services import token_authenticate

if TYPE_CHECKING:
    from django.http import HttpRequest


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with an active API token of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        """Return the token's user, or ``None`` (401) for an unknown or revoked token.

        An address that sent too many bad tokens lately is refused (429) before any look-up.
        """
        key = _failures_key(request)
        window = settings.KAMP_API_TOKEN_FAILURE_WINDOW
        if cache.get(key, 0) >= settings.KAMP_API_TOKEN_FAILURE_LIMIT:
            raise Throttled(wait=window)
        user = token_authenticate(token)
        if user is None:
            # add() starts the window only once; incr() keeps its expiry.
            if not cache.add(key, 1, timeout=window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between the two calls
                    cache.add(key, 1, timeout=window)
            return None
        # Code below the API (services, templates) reads request.user, as in pages.
        request.user = user
        return user


def _failures_key(request: HttpRequest) -> str:
    return "kamp:api-bad-tokens:" + str(request.META.get("REMOTE_ADDR", ""))


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
