"""Every write on key accounts goes through these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.models import CHANGE_ROLES, KeyAccount
from kamp.core.audit import audit_record, diff_fields
from kamp.organisation.models import Membership
from kamp.organisation.permissions import has_role, reach

if TYPE_CHECKING:
    import datetime as dt

    from kamp.customers.models import Customer
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
