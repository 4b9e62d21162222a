"""Reads on the customer base that the pages, the API and the CLI share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from kamp.customers.models import Customer, SalesFact

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.customers.models import CustomerQuerySet
    from kamp.users.models import User

#: Sort keys offered to users, mapped to ORM orderings (a "-" prefix reverses).
CUSTOMER_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "source_id": ("source_id",),
    "country": ("country__name", "name", "id"),
    "industry": ("industry", "name", "id"),
    "revenue": ("revenue_12m", "name", "id"),
}

_MONEY = DecimalField(max_digits=18, decimal_places=2)


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
        .annotate(total=Sum("revenue"))
        .values("total")
    )
    qs = qs.annotate(
        revenue_12m=Coalesce(
            Subquery(revenue, output_field=_MONEY), Value(Decimal(0)), output_field=_MONEY
        )
    )
    return qs.order_by(*filters.ordering)


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
    qs = SalesFact.objects.filter(Q(customer=head) | Q(customer__group=head))
    if since is not None:
        qs = qs.filter(period__gte=since)
    agg = qs.aggregate(
        revenue=Coalesce(Sum("revenue"), Value(Decimal(0)), output_field=_MONEY),
        margin=Coalesce(Sum("margin"), Value(Decimal(0)), output_field=_MONEY),
        quantity=Coalesce(Sum("quantity"), Value(Decimal(0)), output_field=_MONEY),
    )
    return SalesTotals(revenue=agg["revenue"], margin=agg["margin"], quantity=agg["quantity"])


def sales_by_year_and_product_line(
    *, customers: CustomerQuerySet | list[Customer] | Any
) -> list[dict[str, Any]]:
    """Rows ``{year, product_line, revenue, margin}`` for the given customers, sorted."""
    rows = (
        SalesFact.objects.filter(customer__in=customers)
        .annotate(year=ExtractYear("period"))
        .values("year", "product_line__name")
        .annotate(revenue=Sum("revenue"), margin=Sum("margin"))
        .order_by("year", "product_line__name")
    )
    return [
        {
            "year": r["year"],
            "product_line": r["product_line__name"] or "—",
            "revenue": float(r["revenue"] or 0),
            "margin": float(r["margin"] or 0),
        }
        for r in rows
    ]
