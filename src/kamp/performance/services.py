"""The only write path of the performance app: targets, opportunities, monthly KPI snapshots."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import KeyAccount
from kamp.core.audit import audit_record
from kamp.performance import selectors
from kamp.performance.models import AccountTarget, KpiSnapshot, Opportunity, ProgrammeTarget
from kamp.performance.permissions import require_manage, require_programme_director
from kamp.performance.report import account_payload, programme_payload

if TYPE_CHECKING:
    from decimal import Decimal

    from kamp.customers.models import Customer
    from kamp.organisation.models import ProductLine
    from kamp.users.models import User

TARGET_FIELDS = ("revenue", "margin", "stage", "stage_by")


@transaction.atomic
def account_target_set(
    *,
    actor: User | None,
    key_account: KeyAccount,
    year: int,
    quarter: int | None = None,
    **values: Any,
) -> AccountTarget:
    """Create or update the target of ``key_account`` for ``year`` (or one quarter of it).

    ``values`` are any of revenue, margin, stage, stage_by. ``actor`` None: a loader.
    """
    if actor is not None:
        require_manage(actor, key_account)
    unknown = set(values) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown target fields: %s.") % ", ".join(sorted(unknown)))
    target = AccountTarget.objects.filter(
        key_account=key_account, year=year, quarter=quarter
    ).first() or AccountTarget(key_account=key_account, year=year, quarter=quarter)
    for name, value in values.items():
        setattr(target, name, value if value is not None or name != "stage" else "")
    target.full_clean()
    target.save()
    audit_record(actor=actor, action="account_target.set", obj=target, changes=_jsonable(values))
    return target


@transaction.atomic
def account_target_delete(*, actor: User, target: AccountTarget) -> None:
    require_manage(actor, target.key_account)
    audit_record(actor=actor, action="account_target.delete", obj=target)
    target.delete()


@transaction.atomic
def programme_target_set(
    *, actor: User | None, kpi: str, year: int, value: Decimal, quarter: int | None = None
) -> ProgrammeTarget:
    """Create or update the programme's target of ``kpi`` for ``year`` (or a quarter)."""
    if actor is not None:
        require_programme_director(actor)
    target = ProgrammeTarget.objects.filter(kpi=kpi, year=year, quarter=quarter).first()
    target = target or ProgrammeTarget(kpi=kpi, year=year, quarter=quarter)
    target.value = value
    target.full_clean()
    target.save()
    audit_record(
        actor=actor, action="programme_target.set", obj=target, changes={"value": str(value)}
    )
    return target


@transaction.atomic
def opportunity_upsert(
    *,
    actor: User | None,
    opportunity_id: str,
    customer: Customer,
    name: str,
    amount: Decimal,
    probability: Decimal,
    expected_close: dt.date,
    stage: str = "",
    product_line: ProductLine | None = None,
) -> tuple[Opportunity, bool]:
    """Create or update the opportunity ``opportunity_id``; returns it and whether it is new.

    ``probability`` is 0–1; a value above 1 is read as a percentage (35 is 0.35). With an
    ``actor``, the customer's group must be a key account they manage.
    """
    if actor is not None:
        account = KeyAccount.objects.current().filter(customer=customer.head).first()
        if account is None:
            raise ValidationError({"customer": _("This customer is not in a key account.")})
        require_manage(actor, account)
    if probability > 1:
        probability = probability / 100
    found = Opportunity.objects.filter(opportunity_id=opportunity_id).first()
    opportunity = found or Opportunity(opportunity_id=opportunity_id)
    opportunity.customer = customer
    opportunity.name = name
    opportunity.amount = amount
    opportunity.probability = probability
    opportunity.expected_close = expected_close
    opportunity.stage = stage
    opportunity.product_line = product_line
    opportunity.full_clean()
    opportunity.save()
    audit_record(
        actor=actor,
        action="opportunity.create" if found is None else "opportunity.update",
        obj=opportunity,
        changes={"amount": str(amount), "probability": str(probability)},
    )
    return opportunity, found is None


@transaction.atomic
def kpi_snapshot_take(*, actor: User | None, month: dt.date) -> list[KpiSnapshot]:
    """Store the KPIs of ``month`` (figures as of its last day), for the programme and each
    current key account; taking a month again replaces its snapshot (idempotent).

    Read with full rights: a snapshot is the programme's record, not one reader's view. An
    ``actor`` must be the programme director; the scheduled task passes none.
    """
    if actor is not None:
        require_programme_director(actor)
    first = month.replace(day=1)
    as_of = selectors.add_months(first, 1) - dt.timedelta(days=1)
    figures = selectors.kpi_figures(actor=None, as_of=as_of)
    taken = [_store(first, None, programme_payload(figures))]
    taken += [_store(first, a.key_account, account_payload(a)) for a in figures.accounts]
    audit_record(
        actor=actor,
        action="kpi_snapshot.take",
        obj=taken[0],
        changes={"month": first.isoformat(), "accounts": len(taken) - 1},
    )
    return taken


def _store(month: dt.date, key_account: KeyAccount | None, values: dict[str, Any]) -> KpiSnapshot:
    snapshot, _created = KpiSnapshot.objects.update_or_create(
        month=month, key_account=key_account, defaults={"values": values}
    )
    return snapshot


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v if v is None or isinstance(v, str | int) else str(v) for k, v in values.items()}
