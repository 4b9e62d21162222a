"""A small literal programme: five customer groups, two current key accounts and one exited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from kamp.accounts.models import AccountPlan, KeyAccount
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.performance.models import AccountTarget

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.customers.models import Customer

AS_OF = dt.date(2025, 6, 15)


@dataclass
class Programme:
    a: KeyAccount
    b: KeyAccount
    c: Customer


def sale(customer: Customer, month: str, revenue: int) -> None:
    SalesFactFactory.create(
        customer=customer,
        period=dt.date.fromisoformat(f"{month}-01"),
        product_line=None,
        revenue=Decimal(revenue),
        margin=Decimal(revenue) * Decimal("0.3"),
    )


def key_account(customer: Customer, **extra: object) -> KeyAccount:
    fields: dict[str, object] = {
        "status": KeyAccount.Status.ACTIVE,
        "stage_changed_on": dt.date(2025, 5, 16),
    }
    return KeyAccount.objects.create(
        customer=customer,
        tier="gold",
        nominated_on=dt.date(2024, 1, 1),
        status_changed_on=dt.date(2024, 1, 1),
        relationship_stage="basic",
        target_stage="cooperative",
        **(fields | extra),
    )


def build(cast: Cast) -> Programme:
    """Window 2024-06..2025-05 (the last month with sales before 15 June 2025), previous
    2023-06..2024-05. KA revenue 420 (was 300), total 940 (was 800); C is in the other unit."""
    unit = cast.unit
    a = CustomerFactory.create(source_id="A", business_unit=unit)
    a_sub = CustomerFactory.create(source_id="A-1", parent=a, business_unit=unit)
    b = CustomerFactory.create(source_id="B", business_unit=unit)
    c = CustomerFactory.create(source_id="C", business_unit=cast.other_unit)
    d = CustomerFactory.create(source_id="D", business_unit=unit)
    e = CustomerFactory.create(source_id="E", business_unit=unit)
    sale(a, "2024-01", 100)
    sale(a, "2024-12", 150)
    sale(a_sub, "2025-05", 50)
    sale(b, "2023-06", 200)
    sale(b, "2024-06", 220)
    sale(c, "2023-05", 7777)  # before both windows
    sale(c, "2024-05", 300)
    sale(c, "2025-01", 330)
    sale(c, "2025-07", 9999)  # after as_of
    sale(d, "2023-09", 100)
    sale(d, "2025-02", 40)
    sale(e, "2023-09", 100)
    sale(e, "2025-03", 150)
    ka_a = key_account(a)
    ka_b = key_account(b, sponsor=cast.executive, stage_changed_on=None)
    key_account(e, status=KeyAccount.Status.EXITED, exited_on=dt.date(2025, 1, 31))
    AccountPlan.objects.create(key_account=ka_a, year=2025, last_review_on=dt.date(2025, 5, 1))
    AccountPlan.objects.create(key_account=ka_b, year=2024, last_review_on=dt.date(2024, 5, 1))
    AccountTarget.objects.create(key_account=ka_a, year=2025, revenue=Decimal(180))
    AccountTarget.objects.create(key_account=ka_b, year=2025, revenue=Decimal(250))
    return Programme(a=ka_a, b=ka_b, c=c)
