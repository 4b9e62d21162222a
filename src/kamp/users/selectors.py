"""Reads of logins: one place applies the "active user" rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamp.users.models import ApiToken, User, hash_token

if TYPE_CHECKING:
    from django.db.models import QuerySet


def user_by_username(username: str, *, active_only: bool = True) -> User | None:
    """The user logging in as ``username``; inactive users count only when ``active_only`` is off.

    Anyone a person can name (a KAM, a sponsor, a team member) must be active: a deactivated login
    is never given new work.
    """
    users = User.objects.filter(username=username)
    if active_only:
        users = users.filter(is_active=True)
    return users.first()


def active_user_list() -> QuerySet[User]:
    """Every active login, by username: the choices of a person menu (owner, attendee)."""
    return User.objects.filter(is_active=True).order_by("username")


def username_taken(username: str) -> bool:
    """Whether a login already uses ``username``, active or not."""
    return User.objects.filter(username=username).exists()


def active_tokens(user: User) -> list[ApiToken]:
    """The user's API tokens that still work."""
    return list(ApiToken.objects.active().filter(user=user))


def active_tokens_matching(user: User, text: str) -> list[ApiToken]:
    """The user's working tokens that ``text`` names: the whole token, else its prefix."""
    tokens = ApiToken.objects.active().filter(user=user)
    return list(tokens.filter(key_hash=hash_token(text)) or tokens.filter(prefix=text))


def token_list(*, user: User) -> list[ApiToken]:
    """The user's API tokens, newest first, revoked ones included."""
    return list(ApiToken.objects.filter(user=user))


def token_of(*, user: User, pk: int) -> ApiToken | None:
    """The token ``pk`` if ``user`` holds it; another user's token is ``None``."""
    return ApiToken.objects.filter(pk=pk, user=user).first()
