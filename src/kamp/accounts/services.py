"""Every write on key accounts goes through these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.models import CHANGE_ROLES, KeyAccount, RelationshipStageChange
from kamp.accounts.permissions import can_manage_key_account
from kamp.core.audit import audit_record, diff_fields
from kamp.organisation.models import Membership
from kamp.organisation.permissions import has_role, reach

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from django.db.models import Model

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
EDITABLE = ("kam", "tier", "status")


def _today() -> dt.date:
    return timezone.localdate()


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
    today = _today()
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
def key_account_update(*, actor: User, key_account: KeyAccount, **fields: Any) -> KeyAccount:
    """Assign the KAM, change the tier, or move the status along (programme director only)."""
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
        key_account.status_changed_on = _today()
        key_account.exited_on = _today() if status == KeyAccount.Status.EXITED else None
    kam = fields.get("kam")
    if kam is not None and not has_role(kam, Membership.Role.KAM):
        raise ValidationError({"kam": _("Choose someone with the key account manager role.")})
    for key, value in fields.items():
        setattr(key_account, key, value)
    key_account.full_clean()
    changes = diff_fields(before, {f: getattr(key_account, f) for f in EDITABLE})
    if changes:
        key_account.save()
        audit_record(actor=actor, action="key_account.update", obj=key_account, changes=changes)
    return key_account


def conflict(what: str) -> ValidationError:
    """The error raised when someone else saved ``what`` since the editor read it."""
    return ValidationError(
        _("Someone else changed this %(what)s since you opened it: reload and try again.")
        % {"what": what},
        code="conflict",
    )


def bump_version(model: type[Model], pk: int, version: int, what: str) -> None:
    """Claim the next version of row ``pk`` if it is still at ``version``, else raise a conflict."""
    updated = model._default_manager.filter(pk=pk, version=version).update(version=version + 1)
    if updated != 1:
        raise conflict(what)


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
        key_account.stage_changed_on = _today()
    key_account.full_clean()
    key_account.save()
    key_account.countries.set(countries)
    key_account.business_units.set(business_units)
    if stage_moved:
        RelationshipStageChange.objects.create(
            key_account=key_account,
            stage=relationship_stage,
            target_stage=target_stage,
            changed_on=_today(),
            actor=actor,
        )
    changes = diff_fields(
        before, {"relationship_stage": relationship_stage, "target_stage": target_stage}
    )
    changes["countries"] = [None, sorted(c.code for c in key_account.countries.all())]
    changes["business_units"] = [None, sorted(u.code for u in key_account.business_units.all())]
    audit_record(actor=actor, action="key_account.profile", obj=key_account, changes=changes)
    return key_account
