"""The forecast's pure core: exact pipeline moments, a reproducible simulation, scenarios."""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pytest

from kamp.performance import forecast as fc


def test_expected_and_std_are_exact() -> None:
    amounts, probs = [D(100), D(200)], [D("0.5"), D("0.1")]
    assert fc.pipeline_expected(amounts, probs) == D(70)
    # 100² × .25 + 200² × .09 = 2500 + 3600 = 6100
    assert fc.pipeline_std(amounts, probs) == D(6100).sqrt()
    # §7.1 T5: 4.8M at 22 % expects 1.056M.
    assert fc.pipeline_expected([D("4.8")], [D("0.22")]) == D("1.056")


def test_simulation_is_reproducible_and_converges() -> None:
    amounts = np.array([100.0, 200.0, 50.0])
    probs = np.array([0.5, 0.1, 0.9])
    a = fc.simulate(amounts, probs, runs=20_000, seed=7)
    b = fc.simulate(amounts, probs, runs=20_000, seed=7)
    assert np.array_equal(a, b)
    assert a.mean() == pytest.approx(115, rel=0.02)
    assert a.std() == pytest.approx(np.sqrt(2500 + 3600 + 225), rel=0.02)
    d = fc.summarise(a, target=100)
    assert d.p10 <= d.p50 <= d.p90
    assert d.prob_target == pytest.approx(0.5 * 1 + 0.5 * 0.1 * 0.9 + 0.5 * 0.1 * 0.1, abs=0.02)


def test_slip_pushes_deals_out_of_the_horizon() -> None:
    amounts, probs = np.array([100.0]), np.array([1.0])
    close = np.array([300.0])
    slipped = fc.simulate(
        amounts, probs, runs=10_000, seed=1, close_days=close, horizon_days=365, slip_mean_days=65
    )
    # P(exponential(65) <= 65) = 1 − e⁻¹
    assert slipped.mean() / 100 == pytest.approx(1 - np.exp(-1), abs=0.02)
    assert fc.simulate(np.array([]), np.array([]), runs=5, seed=1).tolist() == [0.0] * 5


def test_scenarios() -> None:
    inputs = fc.ScenarioInputs(
        run_rate=D(1000),
        growth=D("0.1"),
        initiatives=(fc.Initiative(D(200), D("0.5"), D("0.5")),),
        churn_risk=D(40),
    )
    assert fc.scenarios(inputs) == {
        "base": D("1110.00"),  # 1100 + 50 − 40
        "upside": D("1192.50"),  # 1150 + 200 × .625 × .5 − 20
        "downside": D("1027.50"),  # 1050 + 200 × .375 × .5 − 60
    }


def test_backtest_against_the_naive_run_rate() -> None:
    steady = [D(10)] * 12 + [D(11)] * 12 + [D("12.1")] * 12  # grows 10 % a year
    result = fc.backtest([steady, [D(1)] * 12])
    assert result == {"accounts": 1, "mape": 0.0, "naive_mape": round(1 - 132 / 145.2, 4)}
    assert fc.backtest([]) == {"accounts": 0, "mape": None, "naive_mape": None}
