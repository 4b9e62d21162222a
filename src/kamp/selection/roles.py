"""Which roles may see, change and validate selection objects.

Kept apart from :mod:`kamp.selection.permissions` because it needs no model of this app: the
models' ``visible_to`` and the permission helpers both use it, so the dependency runs one way
(permissions → models → roles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from kamp.organisation.models import Membership
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User

Role = Membership.Role
SelectionAction = Literal["view", "change", "validate"]

SELECTION_ACTIONS: dict[str, frozenset[str]] = {
    "view": frozenset({Role.PROGRAMME_DIRECTOR, Role.KAM, Role.EXECUTIVE, Role.VIEWER}),
    "change": frozenset({Role.PROGRAMME_DIRECTOR}),
    "validate": frozenset({Role.PROGRAMME_DIRECTOR, Role.EXECUTIVE}),
}


def can(user: User | AnonymousUser, action: SelectionAction) -> bool:
    """Whether ``user`` may ``action`` selection objects (a whole-base membership is needed)."""
    return reach(user, SELECTION_ACTIONS[action]).everything
