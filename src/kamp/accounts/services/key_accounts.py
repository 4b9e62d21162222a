"""Writes on key accounts: nomination, KAM, sponsor, tier and status, relationship and scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    CHANGE_ROLES,
    KeyAccount,
    RelationshipStage,
    RelationshipStageChange,
)
from kamp.accounts.permissions import can_manage_key_account
from kamp.accounts.services.common import bump_version, local_today
from kamp.core.audit import audit_record, diff_fields
from kamp.organisation.models import Membership
from kamp.organisation.permissions import has_role, reach

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kamp.customers.models import Customer
    from kamp.organisation.models import BusinessUnit, Country
    from kamp.users.models import User


#: Status changes allowed: forward one step at a time, or out of the programme from anywhere.
TRANSITIONS: dict[str, frozenset[str]] = {
    KeyAccount.Status.NOMINATED: frozenset({KeyAccount.Status.VALIDATED, KeyAccount.Status.EXITED}),
    KeyAccount.Status.VALIDATED: frozenset({KeyAccount.Status.ACTIVE, KeyAccount.Status.EXITED}),
    KeyAccount.Status.ACTIVE: frozenset({KeyAccount.Status.EXITED}),
    KeyAccount.Status.EXITED: frozenset(),
}
EDITABLE = ("kam", "sponsor", "tier", "status")


class KeyAccountChanges(TypedDict, total=False):
    """What the programme director may change on a key account (``key_account_update``)."""

    kam: User | None
    sponsor: User | None
    tier: str
    status: str


@transaction.atomic
def key_account_nominate(
    *,
    actor: User | None,
    customer: Customer,
    tier: str,
    nominated_from_id: int | None = None,
) -> KeyAccount:
    """Make a customer group a nominated key account (or return the one it already is).

    Called by the selection service when the steering committee validates an account, which
    has already checked the actor's right to validate; ``nominated_from_id`` is the run's key.
    """
    current = KeyAccount.objects.current().filter(customer=customer).first()
    if current is not None:
        return current
    today = local_today()
    account = KeyAccount(
        customer=customer,
        tier=tier,
        nominated_from_id=nominated_from_id,
        nominated_on=today,
        status_changed_on=today,
    )
    account.full_clean()
    account.save()
    audit_record(
        actor=actor,
        action="key_account.nominate",
        obj=account,
        changes={"tier": [None, tier], "run": [None, nominated_from_id]},
    )
    return account


@transaction.atomic
def key_account_update(
    *, actor: User, key_account: KeyAccount, **fields: Unpack[KeyAccountChanges]
) -> KeyAccount:
    """Assign the KAM or the executive sponsor, change the tier, or move the status along.

    Programme director only. The sponsor sits on the executive committee (holds the executive
    role) and is never the account's own KAM.
    """
    if not reach(actor, CHANGE_ROLES).everything:
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = KeyAccount.objects.get(pk=key_account.pk)
    before = {f: getattr(stored, f) for f in EDITABLE}
    status = fields.get("status", stored.status)
    if status != stored.status:
        if status not in TRANSITIONS[stored.status]:
            raise ValidationError(
                {
                    "status": _("A key account cannot go from %(old)s to %(new)s.")
                    % {"old": stored.get_status_display(), "new": status}
                }
            )
        key_account.status_changed_on = local_today()
        key_account.exited_on = local_today() if status == KeyAccount.Status.EXITED else None
    kam = fields.get("kam")
    if kam is not None and not has_role(kam, Membership.Role.KAM):
        raise ValidationError({"kam": _("Choose someone with the key account manager role.")})
    sponsor = fields.get("sponsor")
    if sponsor is not None and not has_role(sponsor, Membership.Role.EXECUTIVE):
        raise ValidationError(
            {"sponsor": _("Choose a member of the executive committee (executive role).")}
        )
    sponsor_after, kam_after = fields.get("sponsor", stored.sponsor), fields.get("kam", stored.kam)
    if sponsor_after is not None and kam_after is not None and sponsor_after.pk == kam_after.pk:
        raise ValidationError({"sponsor": _("The sponsor cannot be the account's own KAM.")})
    for key, value in fields.items():
        setattr(key_account, key, value)
    key_account.full_clean()
    changes = diff_fields(before, {f: getattr(key_account, f) for f in EDITABLE})
    if changes:
        key_account.save()
        audit_record(actor=actor, action="key_account.update", obj=key_account, changes=changes)
    return key_account


@transaction.atomic
def key_account_update_profile(
    *,
    actor: User,
    key_account: KeyAccount,
    version: int,
    relationship_stage: str,
    target_stage: str,
    countries: Iterable[Country],
    business_units: Iterable[BusinessUnit],
) -> KeyAccount:
    """Set the current and target relationship stage and the scope (the KAM or the director).

    A change of stage is kept, dated, in the account's stage history.
    """
    if not can_manage_key_account(actor, key_account):
        raise PermissionDenied
    if target_stage == RelationshipStage.DISINTEGRATING:
        raise ValidationError(
            {"target_stage": _("A relationship can break down, but no one aims at it.")}
        )
    stored = KeyAccount.objects.get(pk=key_account.pk)
    bump_version(KeyAccount, stored.pk, version, _("key account"))
    stage_moved = (stored.relationship_stage, stored.target_stage) != (
        relationship_stage,
        target_stage,
    )
    before = {"relationship_stage": stored.relationship_stage, "target_stage": stored.target_stage}
    key_account.relationship_stage = relationship_stage
    key_account.target_stage = target_stage
    key_account.version = version + 1
    if stage_moved:
        key_account.stage_changed_on = local_today()
    key_account.full_clean()
    key_account.save()
    key_account.countries.set(countries)
    key_account.business_units.set(business_units)
    if stage_moved:
        RelationshipStageChange.objects.create(
            key_account=key_account,
            stage=relationship_stage,
            target_stage=target_stage,
            changed_on=local_today(),
            actor=actor,
        )
    changes = diff_fields(
        before, {"relationship_stage": relationship_stage, "target_stage": target_stage}
    )
    changes["countries"] = [None, sorted(c.code for c in key_account.countries.all())]
    changes["business_units"] = [None, sorted(u.code for u in key_account.business_units.all())]
    audit_record(actor=actor, action="key_account.profile", obj=key_account, changes=changes)
    return key_account
