"""Reads on the customer base that the pages, the API and the CLI share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, ExpressionWrapper, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from kamp.core.money import ExactDecimalField, MoneySum
from kamp.customers.models import Contact, Customer, SalesFact

if TYPE_CHECKING:
    import uuid

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

    from kamp.customers.models import CustomerQuerySet
    from kamp.users.models import User

#: Sort keys offered to users, mapped to ORM orderings (a "-" prefix reverses).
CUSTOMER_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "source_id": ("source_id",),
    "country": ("country__name", "name", "id"),
    "industry": ("industry", "name", "id"),
    "business_unit": ("business_unit__name", "name", "id"),
    "revenue": ("revenue_12m", "name", "id"),
}

_MONEY = ExactDecimalField(max_digits=18, decimal_places=2)
_QUANTITY = ExactDecimalField(max_digits=18, decimal_places=3)


@dataclass(frozen=True)
class CustomerFilters:
    """What a user can filter and sort the customer list by. Empty values mean no filter."""

    q: str = ""
    country: str = ""  # ISO code
    business_unit: str = ""  # unit code
    industry: str = ""
    group: str = ""  # the group head's public id
    sort: str = "name"

    @property
    def ordering(self) -> tuple[str, ...]:
        descending = self.sort.startswith("-")
        fields = CUSTOMER_SORTS.get(self.sort.lstrip("-"), CUSTOMER_SORTS["name"])
        return tuple(f"-{f}" for f in fields) if descending else fields


def twelve_months_start(today: dt.date | None = None) -> dt.date:
    """The first month of the last twelve full or running months, as a month start."""
    today = today or dt.date.today()
    return dt.date(today.year - 1, today.month, 1)


def customer_list(
    *, actor: User | AnonymousUser, filters: CustomerFilters, today: dt.date | None = None
) -> CustomerQuerySet:
    """Customers the actor may see, filtered and sorted, with revenue of the last 12 months."""
    qs = Customer.objects.visible_to(actor).select_related("country", "business_unit", "group")
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(source_id__icontains=filters.q))
    if filters.country:
        qs = qs.filter(country__code=filters.country.upper())
    if filters.business_unit:
        qs = qs.filter(business_unit__code=filters.business_unit)
    if filters.industry:
        qs = qs.filter(industry=filters.industry)
    if filters.group:
        qs = qs.filter(Q(public_id=filters.group) | Q(group__public_id=filters.group))
    revenue = (
        SalesFact.objects.filter(customer=OuterRef("pk"), period__gte=twelve_months_start(today))
        .values("customer")
        .annotate(total=MoneySum("revenue"))
        .values("total")
    )
    qs = qs.annotate(
        revenue_12m=Coalesce(
            Subquery(revenue, output_field=_MONEY), Value(Decimal(0)), output_field=_MONEY
        )
    )
    return qs.order_by(*filters.ordering)


def size_choices() -> list[tuple[str, StrOrPromise]]:
    """The customer sizes, as ``(value, label)`` choices of a size menu."""
    return list(Customer.Size.choices)


def industries(*, actor: User | AnonymousUser) -> list[str]:
    """Distinct industries among the customers the actor may see, for filter menus."""
    return list(
        Customer.objects.visible_to(actor)
        .exclude(industry="")
        .values_list("industry", flat=True)
        .distinct()
        .order_by("industry")
    )


@dataclass(frozen=True)
class SalesTotals:
    revenue: Decimal
    margin: Decimal
    quantity: Decimal

    @property
    def margin_pct(self) -> float | None:
        return float(self.margin / self.revenue * 100) if self.revenue else None


def family_sales_totals(*, head: Customer, since: dt.date | None = None) -> SalesTotals:
    """Revenue, margin and quantity of a customer and every company below it."""
    return sales_totals(customers=Customer.objects.family_of(head), since=since)


def sales_totals(
    *, customers: CustomerQuerySet | list[Customer], since: dt.date | None = None
) -> SalesTotals:
    """Revenue, margin and quantity of the given customers, from ``since`` on."""
    qs = SalesFact.objects.filter(customer__in=customers)
    if since is not None:
        qs = qs.filter(period__gte=since)
    agg = qs.aggregate(
        revenue=Coalesce(MoneySum("revenue"), Value(Decimal(0)), output_field=_MONEY),
        margin=Coalesce(MoneySum("margin"), Value(Decimal(0)), output_field=_MONEY),
        quantity=Coalesce(
            MoneySum("quantity", places=3), Value(Decimal(0)), output_field=_QUANTITY
        ),
    )
    return SalesTotals(revenue=agg["revenue"], margin=agg["margin"], quantity=agg["quantity"])


def sales_by_year_and_product_line(
    *, customers: CustomerQuerySet | list[Customer]
) -> list[dict[str, Any]]:
    """Rows ``{year, year_label, product_line, revenue, margin}`` for the given customers.

    A year the data does not cover in full is labelled with its months ("2026 (Jan–Oct)"), so a
    short bar is not mistaken for a bad year.
    """
    rows = (
        SalesFact.objects.filter(customer__in=customers)
        .annotate(year=ExtractYear("period"))
        .values("year", "product_line__name")
        .annotate(revenue=MoneySum("revenue"), margin=MoneySum("margin"))
        .order_by("year", "product_line__name")
    )
    labels = _year_labels()
    return [
        {
            "year": r["year"],
            "year_label": labels.get(r["year"], str(r["year"])),
            "product_line": r["product_line__name"] or "—",
            "revenue": float(r["revenue"] or 0),
            "margin": float(r["margin"] or 0),
        }
        for r in rows
    ]


def _year_labels() -> dict[int, str]:
    """Labels of the first and last years of the sales data when they are partly covered."""
    span = SalesFact.objects.aggregate(first=Min("period"), last=Max("period"))
    first, last = span["first"], span["last"]
    if first is None or last is None:
        return {}
    labels: dict[int, str] = {}
    for year in {first.year, last.year}:
        start = first.month if year == first.year else 1
        end = last.month if year == last.year else 12
        if (start, end) != (1, 12):
            labels[year] = _("%(year)s (%(first)s–%(last)s)") % {
                "year": year,
                "first": MONTHS_3[start].title(),
                "last": MONTHS_3[end].title(),
            }
    return labels


#: Sort keys of the group list (a "-" prefix reverses).
GROUP_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "revenue": ("revenue_12m", "name", "id"),
    "members": ("member_count", "name", "id"),
}


def group_list(
    *,
    actor: User | AnonymousUser,
    q: str = "",
    with_members: bool = False,
    sort: str = "name",
    today: dt.date | None = None,
) -> CustomerQuerySet:
    """Top-level customers the actor may see, with roll-ups over the members the actor may see.

    A "group" is any top-level customer: a head with companies below it, or a company that stands
    alone (``with_members=True`` keeps only the former). ``member_count`` and ``revenue_12m``
    (head plus members, last 12 months) count only companies the actor may see, so a unit-scoped
    reader never learns another unit's figures. Two correlated subqueries: one query for any
    number of groups.
    """
    since = twelve_months_start(today)
    visible = Customer.objects.visible_to(actor)
    members = (
        visible.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    own_revenue = (
        SalesFact.objects.filter(customer=OuterRef("pk"), period__gte=since)
        .values("customer")
        .annotate(total=MoneySum("revenue"))
        .values("total")
    )
    members_revenue = (
        SalesFact.objects.filter(customer__in=visible, period__gte=since)
        .filter(customer__group=OuterRef("pk"))
        .values("customer__group")
        .annotate(total=MoneySum("revenue"))
        .values("total")
    )
    zero = Value(Decimal(0))
    qs = (
        visible.groups()
        .select_related("country", "business_unit")
        .annotate(
            member_count=Coalesce(Subquery(members), 0),
            revenue_12m=ExpressionWrapper(
                Coalesce(Subquery(own_revenue, output_field=_MONEY), zero)
                + Coalesce(Subquery(members_revenue, output_field=_MONEY), zero),
                output_field=_MONEY,  # rounded to cents: the two sums meet as REALs on SQLite
            ),
        )
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(source_id__icontains=q))
    if with_members:
        qs = qs.filter(member_count__gt=0)
    descending = sort.startswith("-")
    fields = GROUP_SORTS.get(sort.lstrip("-"), GROUP_SORTS["name"])
    return qs.order_by(*(f"-{f}" for f in fields) if descending else fields)


def customer_subtree_ids(customer: Customer) -> list[int]:
    """Keys of ``customer`` and every company below it, at any depth, in one query."""
    head_id = customer.group_id or customer.pk
    below: dict[int, list[int]] = {}
    for pk, parent_id in Customer.objects.filter(group_id=head_id).values_list("pk", "parent_id"):
        below.setdefault(parent_id, []).append(pk)
    found = [customer.pk]
    frontier = [customer.pk]
    while frontier:
        frontier = [child for pk in frontier for child in below.get(pk, [])]
        found.extend(frontier)
    return found


def with_visible_parent(qs: CustomerQuerySet, actor: User | AnonymousUser) -> CustomerQuerySet:
    """Annotate ``visible_parent_id``: the parent's public id, only if ``actor`` may see it."""
    parents = Customer.objects.visible_to(actor).filter(pk=OuterRef("parent_id"))
    return qs.annotate(visible_parent_id=Subquery(parents.values("public_id")[:1]))


def customer_visible(*, actor: User | AnonymousUser, public_id: uuid.UUID | str) -> Customer | None:
    """The customer ``public_id`` if ``actor`` may see it, else ``None`` (no 404: for filters)."""
    return Customer.objects.visible_to(actor).filter(public_id=public_id).first()


def family_list(*, actor: User | AnonymousUser, head: Customer) -> list[Customer]:
    """The group of ``head`` (head included) as far as ``actor`` may see it, by name."""
    return list(
        Customer.objects.family_of(head)
        .visible_to(actor)
        .select_related("country")
        .order_by("name")
    )


@dataclass(frozen=True)
class CustomerDetail:
    """A customer with its place in its group, as far as the reader may see it."""

    customer: Customer
    parent: Customer | None
    children: list[Customer]
    revenue_12m: Decimal


def customer_detail(*, actor: User | AnonymousUser, customer: Customer) -> CustomerDetail:
    """``customer`` with its visible parent and subsidiaries, and its own 12-month revenue."""
    visible = Customer.objects.visible_to(actor)
    parent = visible.filter(pk=customer.parent_id).first() if customer.parent_id else None
    own = sales_totals(customers=[customer], since=twelve_months_start())
    children = list(visible.filter(parent=customer))
    return CustomerDetail(customer, parent, children, own.revenue)


@dataclass(frozen=True)
class GroupDetail:
    """A group head (a :func:`group_list` row, with its roll-ups) and the members one may see."""

    head: Customer
    members: list[Customer]


def group_detail(*, actor: User | AnonymousUser, head: Customer) -> GroupDetail:
    """The group of ``head``: its roll-ups and every member ``actor`` may see, by name."""
    row = group_list(actor=actor).get(pk=head.pk)
    members = customer_list(actor=actor, filters=CustomerFilters(group=str(head.public_id)))
    return GroupDetail(row, list(with_visible_parent(members.exclude(pk=head.pk), actor)))


@dataclass(frozen=True)
class SalesSummary:
    """Sales of a customer, alone or with the companies below it that the reader may see."""

    customer: Customer
    rollup: bool
    companies: int
    since: dt.date
    totals: SalesTotals
    by_year: list[dict[str, Any]]


def sales_summary(*, actor: User | AnonymousUser, customer: Customer, rollup: bool) -> SalesSummary:
    """Last-12-months totals and yearly rows of ``customer`` (and, with ``rollup``, below it)."""
    ids = customer_subtree_ids(customer) if rollup else [customer.pk]
    covered = Customer.objects.visible_to(actor).filter(pk__in=ids)
    since = twelve_months_start()
    return SalesSummary(
        customer=customer,
        rollup=rollup,
        companies=covered.count(),
        since=since,
        totals=sales_totals(customers=covered, since=since),
        by_year=sales_by_year_and_product_line(customers=covered),
    )


def contact_list(*, actor: User | AnonymousUser, customer: Customer) -> QuerySet[Contact]:
    """The people at ``customer`` (not at its subsidiaries) that ``actor`` may see, by name."""
    return (
        Contact.objects.visible_to(actor)
        .select_related("customer", "reports_to")
        .filter(customer=customer)
    )


def contact_visible(*, actor: User | AnonymousUser, public_id: uuid.UUID) -> Contact | None:
    """The contact ``public_id`` if ``actor`` may see it, else ``None``."""
    return (
        Contact.objects.visible_to(actor)
        .select_related("customer")
        .filter(public_id=public_id)
        .first()
    )


def contacts_of(customer: Customer) -> list[Contact]:
    """Everyone at ``customer``, by name, with whom they report to (for its page)."""
    return list(
        customer.contacts.select_related("reports_to", "reports_to__customer").order_by("name")
    )


def colleagues_of(customer: Customer, *, exclude: Contact | None = None) -> QuerySet[Contact]:
    """The people anywhere in ``customer``'s group: whom a contact there may report to."""
    colleagues = Contact.objects.filter(
        customer__in=Customer.objects.family_of(customer.head)
    ).select_related("customer")
    return colleagues.exclude(pk=exclude.pk) if exclude is not None else colleagues
