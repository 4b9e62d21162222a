"""Fetch-and-authorise helper for key accounts (404 unseen, 403 unchangeable)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.accounts.models import (
    ANSWER_ROLES,
    CHANGE_ROLES,
    AccountPlan,
    InitiativeAction,
    KeyAccount,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
)
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.accounts.models import InitiativeRight
    from kamp.customers.models import Contact
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


def _as_uuid(public_id: uuid.UUID | str) -> uuid.UUID:
    if isinstance(public_id, uuid.UUID):
        return public_id
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None


def can_initiative(
    user: User | AnonymousUser, initiative: StrategicInitiative, action: InitiativeRight
) -> bool:
    """Whether ``user`` may ``action`` (view, change, decide) ``initiative``."""
    qs = StrategicInitiative.objects.visible_to(user, action)
    return qs.filter(pk=initiative.pk).exists()


def get_initiative_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: InitiativeRight = "view"
) -> StrategicInitiative:
    """The initiative with ``public_id`` if ``user`` may ``action`` it (404 unseen, 403 else)."""
    found = (
        StrategicInitiative.objects.visible_to(user)
        .select_related(
            "key_account__customer", "key_account__kam", "key_account__sponsor", "owner"
        )
        .filter(public_id=_as_uuid(public_id))
        .first()
    )
    if found is None:
        raise Http404
    if action != "view" and not can_initiative(user, found, action):
        raise PermissionDenied
    return found


def can_change_action(user: User | AnonymousUser, action: InitiativeAction) -> bool:
    """The action's owner, or whoever may change its initiative."""
    if user.is_authenticated and action.owner_id == user.pk:
        return True
    return can_initiative(user, action.initiative, "change")


def get_action_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> InitiativeAction:
    """The initiative action with ``public_id`` if ``user`` may see (or change) it."""
    found = (
        InitiativeAction.objects.visible_to(user)
        .select_related("initiative__key_account", "owner")
        .filter(public_id=_as_uuid(public_id))
        .first()
    )
    if found is None:
        raise Http404
    if action == "change" and not can_change_action(user, found):
        raise PermissionDenied
    return found


def get_plan_for(
    user: User | AnonymousUser,
    public_id: uuid.UUID | str,
    action: Literal["view", "manage"] = "view",
) -> AccountPlan:
    """The plan with ``public_id`` if ``user`` may see it (and, for ``manage``, edit it)."""
    found = (
        AccountPlan.objects.visible_to(user)
        .select_related("key_account__customer", "key_account__kam", "key_account__sponsor")
        .filter(public_id=_as_uuid(public_id))
        .first()
    )
    if found is None:
        raise Http404
    if action == "manage" and not can_manage_key_account(user, found.key_account):
        raise PermissionDenied
    return found


def get_resource_request_for(
    user: User | AnonymousUser,
    public_id: uuid.UUID | str,
    action: Literal["view", "answer"] = "view",
) -> ResourceRequest:
    """The request with ``public_id`` if ``user`` sees it (and, to answer, directs its unit)."""
    found = (
        ResourceRequest.objects.visible_to(user)
        .select_related("business_unit", "initiative__key_account__customer")
        .filter(public_id=_as_uuid(public_id))
        .first()
    )
    if found is None:
        raise Http404
    directed = reach(user, ANSWER_ROLES)
    if action == "answer" and not (
        directed.everything or found.business_unit_id in directed.unit_ids
    ):
        raise PermissionDenied
    return found


def get_stakeholder_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> Stakeholder:
    """The stakeholder if ``user`` sees its account; to change: the KAM or the tie's owner."""
    found = (
        Stakeholder.objects.filter(key_account__in=KeyAccount.objects.visible_to(user))
        .select_related("key_account__customer", "contact", "owner")
        .filter(public_id=_as_uuid(public_id))
        .first()
    )
    if found is None:
        raise Http404
    if action == "change" and not can_change_stakeholder(user, found):
        raise PermissionDenied
    return found


def can_change_stakeholder(user: User | AnonymousUser, stakeholder: Stakeholder) -> bool:
    """The tie's owner, the account's KAM or the programme director."""
    if user.is_authenticated and stakeholder.owner_id == user.pk:
        return True
    return can_manage_key_account(user, stakeholder.key_account)


def may_change_contact(user: User | AnonymousUser, contact: Contact) -> bool:
    """A contact on stakeholder maps is changed (renamed, deleted) only by who may change each
    of those stakeholders: registered as a guard of the customers app (``apps.ready``)."""
    ties = Stakeholder.objects.filter(contact=contact).select_related("key_account")
    return all(can_change_stakeholder(user, tie) for tie in ties)
