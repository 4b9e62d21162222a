"""Writes on account plans: sections, the profit plan's targets and actuals, copies."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    SECTION_FIELDS,
    AccountPlan,
    KeyAccount,
    PlanRevision,
    ProfitPlanLine,
)
from kamp.accounts.permissions import can_manage_key_account
from kamp.accounts.services.common import ZERO, bump_version
from kamp.core.audit import audit_record, diff_fields
from kamp.core.money import MoneySum
from kamp.customers.models import Customer, SalesFact

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from kamp.users.models import User


PLAN_EDITABLE = (*SECTION_FIELDS, "last_review_on", "next_review_on")


class PlanChanges(TypedDict, total=False):
    """What ``plan_update`` may change: the written sections (``PLAN_SECTIONS``), review dates."""

    executive_summary: str
    customer_profile: str
    customer_vision: str
    customer_kpis: str
    business_drivers: str
    swot_strengths: str
    swot_weaknesses: str
    swot_opportunities: str
    swot_threats: str
    competitors: str
    value_problem: str
    value_impact: str
    value_measured: str
    value_reward: str
    goals: str
    objectives: str
    last_review_on: dt.date | None
    next_review_on: dt.date | None


def _require_plan(actor: User, plan: AccountPlan) -> None:
    if not can_manage_key_account(actor, plan.key_account):
        raise PermissionDenied


def sales_by_product_line(key_account: KeyAccount, year: int) -> dict[int, tuple[Decimal, Decimal]]:
    """Revenue and margin of the account's whole group in ``year``, by product line key."""
    family = Customer.objects.family_of(key_account.customer)
    rows = (
        SalesFact.objects.filter(customer__in=family, period__year=year)
        .exclude(product_line=None)
        .values("product_line_id")
        .annotate(revenue=MoneySum("revenue"), margin=MoneySum("margin"))
    )
    return {r["product_line_id"]: (r["revenue"] or ZERO, r["margin"] or ZERO) for r in rows}


def _revise(plan: AccountPlan, actor: User | None) -> None:
    """Keep the plan's sections as they are now under its current version number."""
    PlanRevision.objects.create(
        plan=plan,
        number=plan.version,
        actor=actor,
        content={
            **plan.sections(),
            "last_review_on": _jsonable_date(plan.last_review_on),
            "next_review_on": _jsonable_date(plan.next_review_on),
        },
    )


def _jsonable_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _fill_actuals(plan: AccountPlan, targets: dict[int, tuple[Decimal, Decimal]]) -> None:
    """Set every line's current figures from last year's sales; new lines aim at ``targets``
    (or at the current figures when there is none)."""
    actuals = sales_by_product_line(plan.key_account, plan.year - 1)
    existing = {line.product_line_id: line for line in plan.lines.all()}
    for product_line_id, (revenue, margin) in actuals.items():
        line = existing.get(product_line_id)
        if line is None:
            target = targets.get(product_line_id, (revenue, margin))
            line = ProfitPlanLine(
                plan=plan,
                product_line_id=product_line_id,
                target_revenue=target[0],
                target_margin=target[1],
            )
        line.current_revenue, line.current_margin = revenue, margin
        line.save()
    for product_line_id, (revenue, margin) in targets.items():
        if product_line_id not in actuals:
            ProfitPlanLine.objects.get_or_create(
                plan=plan,
                product_line_id=product_line_id,
                defaults={"target_revenue": revenue, "target_margin": margin},
            )


@transaction.atomic
def plan_create(
    *, actor: User | None, key_account: KeyAccount, year: int, check: bool = True
) -> AccountPlan:
    """Start the account's plan for ``year``, its profit plan filled from last year's sales."""
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied
    if key_account.plans.filter(year=year).exists():
        raise ValidationError(
            {"year": _("This account already has a plan for %(year)s.") % {"year": year}}
        )
    plan = AccountPlan(key_account=key_account, year=year)
    plan.full_clean()
    plan.save()
    _fill_actuals(plan, {})
    _revise(plan, actor)
    audit_record(actor=actor, action="plan.create", obj=plan, changes={"year": [None, year]})
    return plan


@transaction.atomic
def plan_update(
    *, actor: User, plan: AccountPlan, version: int, **fields: Unpack[PlanChanges]
) -> AccountPlan:
    """Change sections or review dates; the previous text stays in the plan's revisions."""
    _require_plan(actor, plan)
    unknown = set(fields) - set(PLAN_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = AccountPlan.objects.get(pk=plan.pk)
    bump_version(AccountPlan, stored.pk, version, _("plan"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.version = version + 1
    plan.full_clean()
    plan.save()
    _revise(plan, actor)
    audit_record(
        actor=actor, action="plan.update", obj=plan, changes=diff_fields(before, dict(fields))
    )
    return plan


@transaction.atomic
def plan_set_targets(
    *,
    actor: User,
    plan: AccountPlan,
    version: int,
    targets: dict[int, tuple[Decimal, Decimal]],
) -> AccountPlan:
    """Set target revenue and margin by product line key (lines are added when new)."""
    _require_plan(actor, plan)
    bump_version(AccountPlan, plan.pk, version, _("plan"))
    plan.version = version + 1
    for product_line_id, (revenue, margin) in targets.items():
        ProfitPlanLine.objects.update_or_create(
            plan=plan,
            product_line_id=product_line_id,
            defaults={"target_revenue": revenue, "target_margin": margin},
        )
    audit_record(
        actor=actor,
        action="plan.targets",
        obj=plan,
        changes={str(k): [None, [str(v[0]), str(v[1])]] for k, v in targets.items()},
    )
    return plan


@transaction.atomic
def plan_refresh_actuals(*, actor: User, plan: AccountPlan) -> AccountPlan:
    """Fill the profit plan's current figures again from the sales data."""
    _require_plan(actor, plan)
    _fill_actuals(plan, {})
    audit_record(actor=actor, action="plan.refresh", obj=plan)
    return plan


@transaction.atomic
def plan_copy(*, actor: User | None, plan: AccountPlan, check: bool = True) -> AccountPlan:
    """Copy a plan into the next year: its sections and targets; current figures from the data."""
    if check and (actor is None or not can_manage_key_account(actor, plan.key_account)):
        raise PermissionDenied
    year = plan.year + 1
    if plan.key_account.plans.filter(year=year).exists():
        raise ValidationError(_("This account already has a plan for %(year)s.") % {"year": year})
    copy = AccountPlan(key_account=plan.key_account, year=year, copied_from=plan, **plan.sections())
    copy.full_clean()
    copy.save()
    targets = {
        line.product_line_id: (line.target_revenue, line.target_margin) for line in plan.lines.all()
    }
    _fill_actuals(copy, targets)
    _revise(copy, actor)
    audit_record(actor=actor, action="plan.copy", obj=copy, changes={"from": [None, plan.year]})
    return copy
