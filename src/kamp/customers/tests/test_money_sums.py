"""Money sums are exact on SQLite (whose SUM adds doubles) and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.db.models import Value
from django.db.models.functions import Coalesce

from kamp.core.models import AuditEvent
from kamp.core.money import ExactDecimalField, MoneySum
from kamp.customers.models import Customer, SalesFact
from kamp.customers.selectors import (
    CustomerFilters,
    customer_list,
    family_sales_totals,
    group_list,
    sales_totals,
    twelve_months_start,
)
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _facts(amounts: list[str]) -> None:
    """One customer's facts, a month each (months from 1900 on, so any count fits)."""
    first = SalesFactFactory.create(revenue=Decimal(amounts[0]), period=dt.date(1900, 1, 1))
    SalesFact.objects.bulk_create(
        SalesFact(
            customer=first.customer,
            product_line=first.product_line,
            business_unit=first.business_unit,
            country=first.country,
            period=dt.date(1900 + i // 12, i % 12 + 1, 1),
            revenue=Decimal(amount),
        )
        for i, amount in enumerate(amounts[1:], start=1)
    )


def test_a_sum_of_cents_has_no_float_drift() -> None:
    # 0.10 a thousand times and a large amount: a float accumulator drifts off both.
    amounts = ["0.10"] * 1000 + ["36385241.52"]
    _facts(amounts)
    total = SalesFact.objects.aggregate(total=MoneySum("revenue"))["total"]
    assert total == Decimal("36385341.52")
    assert str(total) == "36385341.52"


def test_negative_amounts_and_coalesce_stay_exact() -> None:
    _facts(["1247.41", "-1000.00", "-99.50"])
    total = SalesFact.objects.aggregate(
        total=Coalesce(MoneySum("revenue"), Value(Decimal(0)), output_field=ExactDecimalField())
    )["total"]
    assert str(total) == "147.91"


def test_an_empty_sum_is_none_or_the_coalesced_zero() -> None:
    assert AuditEvent.objects.none().aggregate(t=MoneySum("pk"))["t"] is None
    empty = SalesFact.objects.aggregate(
        t=Coalesce(MoneySum("revenue"), Value(Decimal(0)), output_field=ExactDecimalField())
    )["t"]
    assert str(empty) == "0.00"


#: A large amount and a hundred cents-sized ones: a float accumulator drifts off their total.
DRIFTING = ["36385241.52"] + ["0.10"] * 100
DRIFTING_TOTAL = Decimal("36385251.52")


def _this_month(customer: Customer, amounts: list[str]) -> None:
    """Facts of ``customer`` this month, so the last-twelve-months figures count them."""
    first = SalesFactFactory.create(
        customer=customer, revenue=Decimal(amounts[0]), margin=Decimal(amounts[0]), period=_month()
    )
    SalesFact.objects.bulk_create(
        SalesFact(
            customer=customer,
            product_line=first.product_line,
            business_unit=first.business_unit,
            country=first.country,
            period=_month(),
            revenue=Decimal(amount),
            margin=Decimal(amount),
        )
        for amount in amounts[1:]
    )


def _month() -> dt.date:
    return dt.date.today().replace(day=1)


def test_a_customers_twelve_month_revenue_is_exact(cast: Cast) -> None:
    customer = CustomerFactory.create(name="Drift Works")
    _this_month(customer, DRIFTING)
    (row,) = customer_list(actor=cast.director, filters=CustomerFilters())
    assert str(row.revenue_12m)  # type: ignore[attr-defined]  # an annotation == str(DRIFTING_TOTAL)
    totals = sales_totals(customers=[customer], since=twelve_months_start())
    assert (str(totals.revenue), str(totals.margin)) == (str(DRIFTING_TOTAL), str(DRIFTING_TOTAL))


def test_a_groups_totals_are_exact(cast: Cast) -> None:
    head = CustomerFactory.create(name="Drift Group")
    member = CustomerFactory.create(name="Drift Iberia", group=head, parent=head)
    _this_month(head, DRIFTING[:51])
    _this_month(member, DRIFTING[51:])
    (row,) = group_list(actor=cast.director)
    assert str(row.revenue_12m)  # type: ignore[attr-defined]  # an annotation == str(DRIFTING_TOTAL)
    assert str(family_sales_totals(head=head).revenue) == str(DRIFTING_TOTAL)
