"""The accounts' money figures are exact sums on every database: a float accumulator drifts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from kamp.accounts import selectors, services
from kamp.accounts.models import KeyAccount, ResourceRequest
from kamp.accounts.services import key_account_nominate
from kamp.accounts.services.plans import sales_by_product_line
from kamp.customers.models import SalesFact
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

#: A large amount and a hundred cents-sized ones: a float accumulator drifts off their total.
DRIFTING = [Decimal("36385241.52")] + [Decimal("0.10")] * 100
TOTAL = "36385251.52"


def _account(cast: Cast) -> KeyAccount:
    group = CustomerFactory.create(name="Drift Group", business_unit=cast.other_unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    return account


def test_the_profit_plans_current_figures_are_exact(cast: Cast) -> None:
    account = _account(cast)
    first = SalesFactFactory.create(
        customer=account.customer,
        revenue=DRIFTING[0],
        margin=DRIFTING[0],
        period=dt.date(2025, 3, 1),
    )
    SalesFact.objects.bulk_create(
        SalesFact(
            customer=first.customer,
            product_line=first.product_line,
            business_unit=first.business_unit,
            country=first.country,
            period=dt.date(2025, 3, 1),
            revenue=amount,
            margin=amount,
        )
        for amount in DRIFTING[1:]
    )
    revenue, margin = sales_by_product_line(account, 2025)[first.product_line_id or 0]
    assert (str(revenue), str(margin)) == (TOTAL, TOTAL)


def test_resource_sums_are_exact(cast: Cast) -> None:
    initiative = services.initiative_create(actor=cast.kam, key_account=_account(cast), title="Lab")
    first = services.resource_request_create(
        actor=cast.kam,
        initiative=initiative,
        business_unit=cast.unit,
        kind="budget",
        amount=DRIFTING[0],
        period="2026-H1",
    )
    ResourceRequest.objects.bulk_create(
        ResourceRequest(
            initiative=initiative,
            business_unit=cast.unit,
            kind=first.kind,
            amount=amount,
            committed_amount=amount,
            period=first.period,
        )
        for amount in DRIFTING[1:]
    )
    (row,) = selectors.resource_alignment(cast.director)["by_unit"]
    assert str(row["asked"]) == TOTAL
    assert str(row["committed"]) == "10.00"
    assert str(row["gap"]) == "36385241.52"
