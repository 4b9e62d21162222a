"""What a user may reach, derived from their memberships.

Every scoped model's ``visible_to(user, action)`` asks :func:`reach` which business units the
user covers for the roles that the action needs. The answer is cached on the user object for the
request, so a page costs one membership query however many scopes it applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kamp.organisation.models import Membership

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User

Role = Membership.Role
Action = Literal["view", "change"]

ALL_ROLES: frozenset[str] = frozenset(Role.values)

#: Who may do what to the customer base (customers, contacts, sales).
CUSTOMER_ACTIONS: dict[str, frozenset[str]] = {
    "view": ALL_ROLES,
    "change": frozenset({Role.PROGRAMME_DIRECTOR, Role.KAM}),
}


@dataclass(frozen=True)
class Reach:
    """The part of the organisation a user covers for some set of roles."""

    everything: bool
    unit_ids: frozenset[int]

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.unit_ids


NO_REACH = Reach(everything=False, unit_ids=frozenset())
FULL_REACH = Reach(everything=True, unit_ids=frozenset())


def memberships_of(user: User | AnonymousUser) -> list[tuple[str, int | None]]:
    """(role, business unit id) pairs of the user, loaded once per user object."""
    if not user.is_authenticated:
        return []
    cached: list[tuple[str, int | None]] | None = getattr(user, "_kamp_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("role", "business_unit_id"))
        setattr(user, "_kamp_memberships", cached)  # noqa: B010 (not a model field)
    return cached


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    """The roles the user holds anywhere in the organisation."""
    return frozenset(role for role, _unit in memberships_of(user))


def reach(user: User | AnonymousUser, roles: Iterable[str]) -> Reach:
    """The units the user covers through memberships in ``roles``; superusers cover everything."""
    if not user.is_authenticated or not user.is_active:
        return NO_REACH
    if user.is_superuser:
        return FULL_REACH
    wanted = frozenset(roles)
    units: set[int] = set()
    for role, unit_id in memberships_of(user):
        if role not in wanted:
            continue
        if unit_id is None:
            return FULL_REACH
        units.add(unit_id)
    return Reach(everything=False, unit_ids=frozenset(units))


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    """Whether the user holds any of ``roles`` (superusers hold them all)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(roles_of(user) & set(roles))


def can_change_company_settings(user: User | AnonymousUser) -> bool:
    """Only the programme director (or a superuser) sets the company's settings (its currency)."""
    return has_role(user, Role.PROGRAMME_DIRECTOR)
