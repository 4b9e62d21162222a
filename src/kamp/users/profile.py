"""Cards that other apps add to the profile page, without the users app importing them.

Logins sit below the apps that give them meaning: a user's roles live in ``organisation``, which
imports ``users``, never the other way round. So the profile page shows what it owns (the login,
the password, API tokens) and asks the apps above for their cards. An app adds one in its own
``profile_sections.py``, found the way Django's admin finds ``admin.py``::

    @profile_section("organisation/_profile_roles.html")
    def roles(user: User) -> dict[str, object]:
        return {"memberships": membership_list(user=user)}

The template renders inside the page's grid with ``data`` holding what the function returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from kamp.users.models import User

    type SectionData = Callable[[User], Mapping[str, object]]

#: The module name apps put their profile cards in.
MODULE_NAME = "profile_sections"


@dataclass(frozen=True, slots=True)
class ProfileSection:
    """A card of the profile page: its template and what that template reads as ``data``."""

    template_name: str
    data: Mapping[str, object]


_REGISTRY: dict[str, SectionData] = {}


def profile_section(template_name: str) -> Callable[[SectionData], SectionData]:
    """Register the decorated function as the data of a card rendered with ``template_name``."""

    def register(data: SectionData) -> SectionData:
        _REGISTRY[template_name] = data
        return data

    return register


@cache
def _discover() -> None:
    autodiscover_modules(MODULE_NAME)


def profile_sections(user: User) -> list[ProfileSection]:
    """The cards other apps show on ``user``'s profile page, in registration order."""
    _discover()
    return [ProfileSection(name, data(user)) for name, data in _REGISTRY.items()]
