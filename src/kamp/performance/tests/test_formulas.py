"""Each KPI formula on a small literal example, including the reference's worked examples (§7.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from kamp.performance import formulas as f


def test_revenue_growth_and_ratio() -> None:
    assert f.revenue_growth(D(120), D(100)) == D("0.2")
    assert f.revenue_growth(D(5), D(0)) is None
    # §5.1: key accounts grow 2x the rest.
    assert f.growth_ratio(D("0.2"), D("0.1")) == D(2)
    assert f.growth_ratio(D("0.2"), D("-0.1")) is None
    assert f.growth_ratio(None, D("0.1")) is None


def test_margin_and_uplift() -> None:
    assert f.margin_pct(D(30), D(100)) == D("0.3")
    assert f.margin_pct(D(30), D(0)) is None
    assert f.margin_uplift(D("0.33"), D("0.30")) == D("0.03")


def test_concentration_reference_values() -> None:
    # §5.1 Halifax: 10 % of customers give 50 % of revenue.
    assert f.concentration(10, 100) == D("0.1")
    assert f.concentration(D(500), D(1000)) == D("0.5")


def test_share_of_wallet_t6_and_cap() -> None:
    # §7.1 T6: revenue 2,500 of a 10,000 wallet is 25 %, the gap is 7,500.
    assert f.share_of_wallet(D(2500), D(10000)) == D("0.25")
    assert f.white_space(D(2500), D(10000)) == D(7500)
    assert f.share_of_wallet(D(12000), D(10000)) == 1
    assert f.white_space(D(12000), D(10000)) == 0
    assert f.share_of_wallet(D(1), D(0)) is None


def test_retention() -> None:
    assert f.gross_revenue_retention(D(100), D(10), D(5)) == D("0.85")
    assert f.net_revenue_retention(D(100), D(10), D(5), D(25)) == D("1.1")
    before = {"a": D(50), "b": D(30), "c": D(20)}
    after = {"a": D(70), "b": D(25), "d": D(99)}
    assert f.retention_movements(before, after) == (D(100), D(20), D(5), D(20))


def test_clv_t3_multiple_and_explicit_sum() -> None:
    # §7.1 T3: r = 0.80, i = 0.10 give a multiple of 2.67.
    assert round(f.clv_multiple(D("0.8"), D("0.1")) or 0, 2) == D("2.67")
    assert round(f.clv_margin_multiple(D(300), D("0.8"), D("0.1"), D(100)) or 0, 2) == D("700.00")
    explicit = f.clv_explicit([D(100), D(100)], D("0.8"), D("0.1"))
    assert round(explicit, 4) == round(D(80) / D("1.1") + D(64) / D("1.21"), 4)
    # A long constant plan converges to the margin multiple.
    assert f.clv_explicit([D(1)] * 400, D("0.8"), D("0.1")) == pytest.approx(
        D(8) / 3, abs=D("1e-9")
    )


def test_plan_coverage_and_execution() -> None:
    as_of = dt.date(2025, 6, 30)
    reviews = [dt.date(2025, 4, 1), dt.date(2025, 3, 1), None, dt.date(2025, 6, 30)]
    assert f.plan_coverage(reviews, as_of) == D("0.5")
    assert f.plan_coverage([], as_of) is None
    items = [
        (dt.date(2025, 5, 1), dt.date(2025, 4, 20)),  # on time
        (dt.date(2025, 5, 1), dt.date(2025, 5, 20)),  # late
        (dt.date(2025, 6, 1), None),  # missed
        (dt.date(2025, 9, 1), None),  # not due yet
    ]
    assert f.plan_execution(items, as_of) == D(1) / D(3)


def test_sponsor_resource_quota() -> None:
    assert f.sponsor_coverage(3, 4) == D("0.75")
    assert f.resource_commitment_rate(D(16), D(100)) == D("0.16")
    assert f.quota_attainment([(D(110), D(100)), (D(90), D(100)), (D(5), D(0))]) == D("0.5")


def test_pipeline_t5() -> None:
    # §7.1 T5 (winsabove): 4.8M pipeline on 1.6M remaining quota is 3.0x; 22 % needs 4.5x.
    assert f.pipeline_coverage(D("4.8"), D("1.6")) == D(3)
    assert round(f.required_coverage(D("0.22")) or 0, 1) == D("4.5")
    # getgangly: 18 % win rate needs 5.6x.
    assert round(f.required_coverage(D("0.18")) or 0, 1) == D("5.6")


def test_nps_t4() -> None:
    assert f.nps(D("0.3"), D("0.2")) == 10


def test_time_in_stage_and_acceleration() -> None:
    changes = [
        (dt.date(2025, 1, 1), "basic"),
        (dt.date(2025, 3, 2), "cooperative"),
        (dt.date(2025, 4, 1), "basic"),
    ]
    as_of = dt.date(2025, 4, 11)
    assert f.time_in_stages(changes, as_of) == {"basic": 60 + 10, "cooperative": 30}
    assert f.days_in_stage(dt.date(2025, 4, 1), as_of) == 10
    assert f.acceleration(changes) == D(45)
    assert f.acceleration(changes[:1]) is None
