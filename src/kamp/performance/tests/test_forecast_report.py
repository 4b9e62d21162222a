"""``kamp forecast``: the pipeline and scenarios of one account or the programme."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from kamp.performance.commands import forecast_report
from kamp.performance.models import Opportunity
from kamp.performance.tests.fixtures import AS_OF, build

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.customers.models import Customer

pytestmark = pytest.mark.django_db


def _deal(oid: str, customer: Customer, amount: int, p: str, close: dt.date) -> None:
    Opportunity.objects.create(
        opportunity_id=oid,
        customer=customer,
        name=oid,
        amount=Decimal(amount),
        probability=Decimal(p),
        expected_close=close,
    )


def test_forecast_of_the_programme_and_of_one_account(cast: Cast) -> None:
    p = build(cast)
    sub = p.a.customer.children.get()
    _deal("O1", p.a.customer, 100, "0.5", dt.date(2025, 9, 1))
    _deal("O2", sub, 200, "0.1", dt.date(2025, 12, 1))
    _deal("O3", p.b.customer, 50, "0.9", dt.date(2026, 3, 1))
    _deal("O4", p.b.customer, 999, "0.9", dt.date(2027, 3, 1))  # beyond the horizon
    _deal("O5", p.c, 999, "0.9", dt.date(2025, 9, 1))  # not a key account
    report = forecast_report(None, runs=4000, seed=3, target=Decimal(100), today=AS_OF)
    json.dumps(report)
    pipe = report["pipeline"]
    assert pipe["deals"] == 3 and pipe["expected"] == "115.00"
    assert pipe["std"] == str(Decimal(6325).sqrt().quantize(Decimal("0.01")))
    assert float(pipe["p10"]) <= float(pipe["p50"]) <= float(pipe["p90"])
    assert 0 < pipe["prob_target"] < 1
    assert report == forecast_report(None, runs=4000, seed=3, target=Decimal(100), today=AS_OF)
    # A: 200 × (1 + 0.3 capped growth) + 50 + 20; B: 220 × 1.1 + 45.
    assert report["scenarios"]["base"] == str(Decimal(330) + Decimal("287.00"))
    one = forecast_report("B", runs=100, seed=1, today=AS_OF)
    assert one["pipeline"]["expected"] == "45.00" and one["pipeline"]["prob_target"] is None
    assert one["scenarios"]["base"] == "287.00"
    assert float(one["scenarios"]["downside"]) < 287 < float(one["scenarios"]["upside"])
    with pytest.raises(ValidationError):
        forecast_report("C", today=AS_OF)
