"""Reads of the performance app: the KPI figures of the programme and of each key account.

Every read takes ``actor``: a user reads what the organisation's unit scope lets them see (the
sales of the customers their units serve and of those customers' groups, as
:func:`kamp.customers.selectors.sales_summary` does); ``None`` reads everything (the CLI, the
scheduled snapshot). The arithmetic is :mod:`kamp.performance.formulas`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from kamp.accounts.models import AccountPlan, KeyAccount, Milestone, ResourceRequest
from kamp.core.money import MoneySum, money_total
from kamp.customers.models import Customer, SalesFact
from kamp.performance import formulas
from kamp.performance.models import (
    AccountTarget,
    KpiSnapshot,
    Opportunity,
    OpportunityQuerySet,
    ProgrammeTarget,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from kamp.customers.models import SalesFactQuerySet
    from kamp.users.models import User

    Actor = User | AnonymousUser | None

ZERO = Decimal("0.00")


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months after ``month`` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    """Twelve complete months ending with ``last`` (a month's first day), and the 12 before."""

    last: dt.date

    @property
    def start(self) -> dt.date:
        return add_months(self.last, -11)

    @property
    def previous_start(self) -> dt.date:
        return add_months(self.last, -23)

    @property
    def previous_last(self) -> dt.date:
        return add_months(self.last, -12)


@dataclass(frozen=True)
class Totals:
    revenue: Decimal = ZERO
    margin: Decimal = ZERO


@dataclass
class AccountFigures:
    key_account: KeyAccount
    revenue: Totals
    previous: Totals
    target: Decimal | None
    days_in_stage: int

    @property
    def growth(self) -> Decimal | None:
        return formulas.revenue_growth(self.revenue.revenue, self.previous.revenue)


@dataclass
class KpiFigures:
    """Everything ``kamp kpi`` shows, as exact numbers (shares and growth as fractions)."""

    as_of: dt.date
    window: Window | None
    key_accounts: int
    ka: Totals
    ka_previous: Totals
    total: Totals
    total_previous: Totals
    ka_groups_selling: int
    groups_selling: int
    sponsored: int
    plan_reviews: list[dt.date | None]
    resources_asked: Decimal
    resources_committed: Decimal
    milestones: list[tuple[dt.date, dt.date | None]]
    accounts: list[AccountFigures] = field(default_factory=list)

    @property
    def rest(self) -> Totals:
        return Totals(self.total.revenue - self.ka.revenue, self.total.margin - self.ka.margin)

    @property
    def rest_previous(self) -> Totals:
        return Totals(
            self.total_previous.revenue - self.ka_previous.revenue,
            self.total_previous.margin - self.ka_previous.margin,
        )


def _sales(actor: Actor) -> SalesFactQuerySet:
    return SalesFact.objects.all() if actor is None else SalesFact.objects.visible_to(actor)


def _key_accounts(actor: Actor) -> QuerySet[KeyAccount]:
    return KeyAccount.objects.all() if actor is None else KeyAccount.objects.visible_to(actor)


def kpi_window(*, actor: Actor, as_of: dt.date) -> Window | None:
    """The 12 months ending with the latest month that has sales on or before ``as_of``."""
    latest = _sales(actor).filter(period__lte=as_of).aggregate(latest=Max("period"))["latest"]
    return None if latest is None else Window(latest.replace(day=1))


def sales_by_group(*, actor: Actor, start: dt.date, last: dt.date) -> dict[int, Totals]:
    """Revenue and margin of each customer group (a customer without one is its own) that has
    sales from ``start`` to ``last``, keyed by the group head's primary key."""
    rows = (
        _sales(actor)
        .filter(period__gte=start, period__lte=last)
        .annotate(head=Coalesce("customer__group_id", "customer_id"))
        .values("head")
        .annotate(revenue=MoneySum("revenue"), margin=MoneySum("margin"))
    )
    return {row["head"]: Totals(row["revenue"], row["margin"]) for row in rows}


def current_key_accounts(*, actor: Actor, as_of: dt.date) -> list[KeyAccount]:
    """Key accounts that had not exited on ``as_of``: each counts with its whole group."""
    not_exited = ~Q(status=KeyAccount.Status.EXITED) | Q(exited_on__gt=as_of)
    return list(
        _key_accounts(actor)
        .filter(not_exited)
        .select_related("customer")
        .order_by("customer__source_id", "id")
    )


def revenue_targets(accounts: list[KeyAccount], year: int) -> dict[int, Decimal]:
    """The yearly revenue target of each key account for ``year``, by key account id."""
    rows = AccountTarget.objects.filter(
        key_account__in=accounts, year=year, quarter__isnull=True, revenue__isnull=False
    ).values_list("key_account_id", "revenue")
    return {ka: revenue for ka, revenue in rows if revenue is not None}


def _add(items: list[Totals]) -> Totals:
    return Totals(money_total([t.revenue for t in items]), money_total([t.margin for t in items]))


def kpi_figures(*, actor: Actor, as_of: dt.date) -> KpiFigures:
    """The programme's and each key account's figures on ``as_of`` (see ``kamp kpi``)."""
    window = kpi_window(actor=actor, as_of=as_of)
    now: dict[int, Totals] = {}
    before: dict[int, Totals] = {}
    if window is not None:
        now = sales_by_group(actor=actor, start=window.start, last=window.last)
        before = sales_by_group(actor=actor, start=window.previous_start, last=window.previous_last)
    accounts = current_key_accounts(actor=actor, as_of=as_of)
    targets = revenue_targets(accounts, (window.last if window else as_of).year)
    rows = [
        AccountFigures(
            key_account=ka,
            revenue=now.get(ka.customer_id, Totals()),
            previous=before.get(ka.customer_id, Totals()),
            target=targets.get(ka.pk),
            days_in_stage=formulas.days_in_stage(ka.stage_changed_on or ka.nominated_on, as_of),
        )
        for ka in accounts
    ]
    heads = {ka.customer_id for ka in accounts}
    reviews = dict(
        AccountPlan.objects.filter(key_account__in=accounts, last_review_on__lte=as_of)
        .values("key_account")
        .annotate(last=Max("last_review_on"))
        .values_list("key_account", "last")
    )
    resources = ResourceRequest.objects.filter(initiative__key_account__in=accounts).aggregate(
        asked=Coalesce(MoneySum("amount"), ZERO),
        committed=Coalesce(MoneySum("committed_amount"), ZERO),
    )
    milestones = list(
        Milestone.objects.filter(initiative__key_account__in=accounts).values_list(
            "due_on", "done_on"
        )
    )
    return KpiFigures(
        as_of=as_of,
        window=window,
        key_accounts=len(accounts),
        ka=_add([r.revenue for r in rows]),
        ka_previous=_add([r.previous for r in rows]),
        total=_add(list(now.values())),
        total_previous=_add(list(before.values())),
        ka_groups_selling=len(heads & now.keys()),
        groups_selling=len(now),
        sponsored=sum(1 for ka in accounts if ka.sponsor_id is not None),
        plan_reviews=[reviews.get(ka.pk) for ka in accounts],
        resources_asked=resources["asked"],
        resources_committed=resources["committed"],
        milestones=milestones,
        accounts=rows,
    )


def opportunities(*, actor: Actor, customer_ids: list[int] | None = None) -> OpportunityQuerySet:
    """Open opportunities ``actor`` may see; with ``customer_ids``, of those customers only."""
    qs = Opportunity.objects.all() if actor is None else Opportunity.objects.visible_to(actor)
    if customer_ids is not None:
        qs = qs.filter(customer_id__in=customer_ids)
    return qs.select_related("customer", "product_line")


def account_targets(*, actor: Actor) -> QuerySet[AccountTarget]:
    """The key-account targets ``actor`` may see."""
    qs = AccountTarget.objects.all() if actor is None else AccountTarget.objects.visible_to(actor)
    return qs.select_related("key_account__customer")


def programme_targets() -> QuerySet[ProgrammeTarget]:
    return ProgrammeTarget.objects.all()


def snapshots(*, key_account: KeyAccount | None = None) -> QuerySet[KpiSnapshot]:
    """The monthly snapshots of the programme (or of ``key_account``), oldest first."""
    return KpiSnapshot.objects.filter(key_account=key_account).order_by("month")


def pipeline_of(*, actor: Actor, heads: list[int], until: dt.date) -> OpportunityQuerySet:
    """Opportunities of the groups ``heads`` expected to close by ``until`` (late ones too)."""
    in_groups = Q(customer_id__in=heads) | Q(customer__group_id__in=heads)
    return opportunities(actor=actor).filter(in_groups, expected_close__lte=until)


def monthly_by_group(
    *, actor: Actor, heads: list[int], start: dt.date, last: dt.date
) -> dict[int, dict[dt.date, Decimal]]:
    """Revenue of each group of ``heads`` by month, from ``start`` to ``last``."""
    rows = (
        _sales(actor)
        .filter(period__gte=start, period__lte=last)
        .annotate(head=Coalesce("customer__group_id", "customer_id"))
        .filter(head__in=heads)
        .values("head", "period")
        .annotate(revenue=MoneySum("revenue"))
    )
    found: dict[int, dict[dt.date, Decimal]] = {}
    for row in rows:
        found.setdefault(row["head"], {})[row["period"]] = row["revenue"]
    return found


def visible_customer(*, actor: Actor, source_id: str) -> Customer | None:
    """The customer with the source-system id ``source_id``, if ``actor`` may see it."""
    qs = Customer.objects.all() if actor is None else Customer.objects.visible_to(actor)
    return qs.filter(source_id=source_id).first()
