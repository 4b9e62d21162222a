"""Fetch-and-authorise helper for key accounts (404 unseen, 403 unchangeable)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.accounts.models import CHANGE_ROLES, KeyAccount
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.organisation.permissions import Action
    from kamp.users.models import User


def can_change_key_account(user: User | AnonymousUser, key_account: KeyAccount) -> bool:
    return KeyAccount.objects.visible_to(user, "change").filter(pk=key_account.pk).exists()


def can_manage_key_account(user: User | AnonymousUser, key_account: KeyAccount) -> bool:
    """The account's own KAM, or the programme director: they shape its plan and profile."""
    if not user.is_authenticated:
        return False
    if key_account.kam_id is not None and key_account.kam_id == user.pk:
        return KeyAccount.objects.visible_to(user).filter(pk=key_account.pk).exists()
    return reach(user, CHANGE_ROLES).everything


def get_key_account_for(
    user: User | AnonymousUser,
    public_id: uuid.UUID | str,
    action: Action | Literal["manage"] = "view",
) -> KeyAccount:
    """The key account with ``public_id`` if ``user`` may ``action`` it.

    ``"change"`` is the director's (KAM, tier, status); ``"manage"`` is the account's own KAM's
    or the director's (profile, plan, initiatives).
    """
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    found = (
        KeyAccount.objects.visible_to(user)
        .select_related("customer", "kam", "sponsor", "nominated_from")
        .prefetch_related("countries", "business_units")
        .filter(public_id=key)
        .first()
    )
    if found is None:
        raise Http404
    if action == "change" and not can_change_key_account(user, found):
        raise PermissionDenied
    if action == "manage" and not can_manage_key_account(user, found):
        raise PermissionDenied
    return found
