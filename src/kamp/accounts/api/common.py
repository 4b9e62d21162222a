"""The accounts API router and what its operations share: error answers, people by login."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router

from kamp.core.api import READ_ERRORS
from kamp.users.selectors import user_by_username

if TYPE_CHECKING:
    from kamp.users.models import User

#: One router for every sub-domain's operations, mounted at /api/v1/ by ``kamp.api``.
router = Router(tags=["key accounts"])
LIST_ERRORS = {401: READ_ERRORS[401], 422: READ_ERRORS[422]}


def person(login: str | None, field: str) -> User | None:
    """The active user logging in as ``login`` (``None`` for none); an unknown login is a 422."""
    if login is None:
        return None
    found = user_by_username(login)
    if found is None:
        raise ValidationError({field: _("No such user.")})
    return found
