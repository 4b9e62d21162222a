"""``kamp kpi``: the programme's and the accounts' figures on a literal example, unit scope."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from kamp.performance import selectors
from kamp.performance.commands import kpi_report
from kamp.performance.report import kpi_payload
from kamp.performance.tests.fixtures import AS_OF, build

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_kpi_report_on_a_literal_programme(cast: Cast) -> None:
    build(cast)
    report = kpi_report(AS_OF)
    json.dumps(report)
    assert report["as_of"] == "2025-06-15" and report["currency"] == "EUR"
    p = report["programme"]
    assert (p["period_start"], p["period_end"]) == ("2024-06-01", "2025-05-01")
    assert p["ka_count"] == 2
    assert (p["ka_revenue_12m"], p["total_revenue_12m"]) == ("420.00", "940.00")
    assert p["ka_revenue_share"] == round(420 / 940, 4)
    assert p["ka_customer_share"] == 0.4  # A and B of A, B, C, D, E (E exited: the rest)
    assert p["ka_growth"] == 0.4  # 420 / 300 - 1
    assert p["rest_growth"] == 0.04  # 520 / 500 - 1
    assert p["growth_ratio"] == 10.0
    assert p["ka_margin_pct"] == 0.3 and p["margin_uplift"] == 0.0
    assert p["sponsor_coverage"] == 0.5  # B only
    assert p["plan_coverage"] == 0.5  # A reviewed 1 May 2025, B a year ago
    assert p["quota_attainment"] == 0.5  # A 200 >= 180, B 220 < 250
    accounts = {a["account"]: a for a in report["accounts"]}
    assert list(accounts) == ["A", "B"]
    assert accounts["A"] == accounts["A"] | {
        "revenue_12m": "200.00",
        "growth": 1.0,
        "target": "180.00",
        "stage": "basic",
        "stage_target": "cooperative",
        "days_in_stage": 30,
    }
    assert accounts["B"]["growth"] == 0.1 and accounts["B"]["days_in_stage"] == 531
    # The rolled-up figure adds up to the accounts' figures.
    total = sum(float(a["revenue_12m"]) for a in report["accounts"])
    assert total == float(p["ka_revenue_12m"])


def test_unit_scope_applies_to_every_figure(cast: Cast) -> None:
    build(cast)
    scoped = kpi_payload(selectors.kpi_figures(actor=cast.pcdirector, as_of=AS_OF))
    assert scoped["programme"]["total_revenue_12m"] == "610.00"  # without C (other unit)
    assert scoped["programme"]["ka_count"] == 2
    nobody = kpi_payload(selectors.kpi_figures(actor=cast.outsider, as_of=AS_OF))
    assert nobody["programme"]["ka_count"] == 0
    assert nobody["programme"]["total_revenue_12m"] == "0.00"
    assert nobody["programme"]["ka_revenue_share"] is None


def test_no_sales_yet(cast: Cast) -> None:
    report = kpi_report(AS_OF)
    assert report["programme"]["ka_count"] == 0
    assert report["programme"]["period_end"] is None
    assert report["accounts"] == []
