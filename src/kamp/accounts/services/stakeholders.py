"""Writes on the stakeholder map."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    KeyAccount,
    Stakeholder,
)
from kamp.accounts.permissions import can_manage_key_account
from kamp.accounts.services.common import bump_version, require_manage
from kamp.core.audit import audit_record, diff_fields

if TYPE_CHECKING:
    import datetime as dt

    from kamp.customers.models import Contact
    from kamp.users.models import User


STAKEHOLDER_FIELDS = (
    "buying_role",
    "decision_role",
    "influence",
    "attitude",
    "coverage",
    "political_status",
    "owner",
    "last_met_on",
    "notes",
)


class StakeholderFields(TypedDict, total=False):
    """How a stakeholder is seen: roles, influence, attitude, our owner, the last meeting."""

    buying_role: str
    decision_role: str
    influence: str
    attitude: str
    coverage: str
    political_status: str
    owner: User | None
    last_met_on: dt.date | None
    notes: str


@transaction.atomic
def stakeholder_add(
    *,
    actor: User | None,
    key_account: KeyAccount,
    contact: Contact,
    check: bool = True,
    **fields: Unpack[StakeholderFields],
) -> Stakeholder:
    """Put a person of the customer on the account's stakeholder map (its KAM, the director)."""
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if key_account.stakeholders.filter(contact=contact).exists():
        raise ValidationError({"contact": _("This person is already on the map.")})
    stakeholder = Stakeholder(key_account=key_account, contact=contact, **fields)
    stakeholder.full_clean()
    stakeholder.save()
    audit_record(actor=actor, action="stakeholder.add", obj=stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *, actor: User, stakeholder: Stakeholder, version: int, **fields: Unpack[StakeholderFields]
) -> Stakeholder:
    """Update a stakeholder: the KAM anything, the relationship's owner all but the owner."""
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    owner_only = stakeholder.owner_id == actor.pk and "owner" not in fields
    if not owner_only and not can_manage_key_account(actor, stakeholder.key_account):
        raise PermissionDenied
    stored = Stakeholder.objects.get(pk=stakeholder.pk)
    bump_version(Stakeholder, stored.pk, version, _("stakeholder"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(stakeholder, key, value)
    stakeholder.version = version + 1
    stakeholder.full_clean()
    stakeholder.save()
    audit_record(
        actor=actor,
        action="stakeholder.update",
        obj=stakeholder,
        changes=diff_fields(before, dict(fields)),
    )
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, actor: User, stakeholder: Stakeholder) -> None:
    """Take a person off the stakeholder map (the account's KAM, or the director)."""
    require_manage(actor, stakeholder.key_account, check=True)
    audit_record(actor=actor, action="stakeholder.remove", obj=stakeholder)
    stakeholder.delete()
