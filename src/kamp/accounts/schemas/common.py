"""What the accounts schemas share: people are named by their login."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kamp.users.models import User


def login(user: User | None) -> str | None:
    """The login of ``user``, or ``None`` when nobody is set."""
    return user.get_username() if user is not None else None
