"""Fetch-and-authorise helper for key accounts (404 unseen, 403 unchangeable)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.accounts.models import KeyAccount

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.organisation.permissions import Action
    from kamp.users.models import User


def can_change_key_account(user: User | AnonymousUser, key_account: KeyAccount) -> bool:
    return KeyAccount.objects.visible_to(user, "change").filter(pk=key_account.pk).exists()


def get_key_account_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> KeyAccount:
    """The key account with ``public_id`` if ``user`` may ``action`` it."""
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    found = (
        KeyAccount.objects.visible_to(user)
        .select_related("customer", "kam", "nominated_from")
        .filter(public_id=key)
        .first()
    )
    if found is None:
        raise Http404
    if action != "view" and not can_change_key_account(user, found):
        raise PermissionDenied
    return found
