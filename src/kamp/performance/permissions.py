"""Who may change targets and opportunities: the same rule as key accounts.

Everyone who sees a key account reads its KPIs (unit scope applies); writing a target or an
opportunity needs the programme director or the account's own KAM (``manage``); programme
targets are the director's. Unseen is 404, seen but not allowed is 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from kamp.accounts.models import CHANGE_ROLES
from kamp.accounts.permissions import can_manage_key_account
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.accounts.models import KeyAccount
    from kamp.users.models import User


def can_set_programme_targets(user: User | AnonymousUser) -> bool:
    return reach(user, CHANGE_ROLES).everything


def require_programme_director(user: User | AnonymousUser) -> None:
    if not can_set_programme_targets(user):
        raise PermissionDenied


def require_manage(user: User | AnonymousUser, key_account: KeyAccount) -> None:
    """Raise 403 unless ``user`` may shape ``key_account`` (its KAM or the director)."""
    if not can_manage_key_account(user, key_account):
        raise PermissionDenied
