"""The organisation's card on the profile page: the roles a user holds (see users.profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamp.organisation.selectors import membership_list
from kamp.users.profile import profile_section

if TYPE_CHECKING:
    from kamp.users.models import User


@profile_section("organisation/_profile_roles.html")
def roles(user: User) -> dict[str, object]:
    """The user's memberships, with the units they are limited to."""
    return {"memberships": membership_list(user=user)}
