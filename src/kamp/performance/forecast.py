"""Forecasts of key-account revenue (method §5.3 and §6.1): pure, plain data in, no ORM.

* the **weighted pipeline** E = Σ aᵢpᵢ and its exact standard deviation for independent deals,
  √(Σ aᵢ²pᵢ(1 − pᵢ)) (§5.3), both in exact ``Decimal``;
* a **Monte Carlo** of the pipeline (§6.1.4): each deal won with its probability, optionally
  slipping its close date past the horizon; P10, P50, P90 and the probability of reaching a target,
  vectorised with NumPy and reproducible with a seed;
* **scenarios** base, upside and downside (§6.1.2);
* a **backtest**: the forecast made 12 months ago against what happened, with its mean absolute
  percentage error beside a naive run-rate forecast's.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

ZERO = Decimal(0)
#: Cells (runs × deals) drawn at once: small enough to stay in the CPU cache, and fixed so that
#: a seed always gives the same draws.
CHUNK_CELLS = 65_536


def pipeline_expected(amounts: Sequence[Decimal], probabilities: Sequence[Decimal]) -> Decimal:
    """§5.3 weighted pipeline E = Σ amountᵢ × pᵢ, exact."""
    return sum((a * p for a, p in zip(amounts, probabilities, strict=True)), ZERO)


def pipeline_std(amounts: Sequence[Decimal], probabilities: Sequence[Decimal]) -> Decimal:
    """§5.3 standard deviation of independent deals: √(Σ aᵢ² pᵢ (1 − pᵢ)), in exact decimals
    (the square root correctly rounded to 28 significant digits)."""
    variance = sum((a * a * p * (1 - p) for a, p in zip(amounts, probabilities, strict=True)), ZERO)
    with decimal.localcontext() as ctx:
        ctx.prec = 28
        return variance.sqrt()


def _chunks(runs: int, deals: int) -> list[tuple[int, int]]:
    step = max(1, CHUNK_CELLS // max(deals, 1))
    return [(start, min(step, runs - start)) for start in range(0, runs, step)]


def draw_uniforms(runs: int, deals: int, seed: int) -> list[NDArray[np.float64]]:
    """The uniform draws :func:`simulate` makes with ``seed``, chunk by chunk (for checks)."""
    rng = np.random.default_rng(seed)
    return [rng.random((size, deals)) for _start, size in _chunks(runs, deals)]


def simulate(
    amounts: NDArray[np.float64],
    probabilities: NDArray[np.float64],
    *,
    runs: int,
    seed: int,
    close_days: NDArray[np.float64] | None = None,
    horizon_days: float | None = None,
    slip_mean_days: float = 0.0,
) -> NDArray[np.float64]:
    """§6.1.4 Monte Carlo: the pipeline's total revenue in each of ``runs`` runs.

    A deal is won in a run when its uniform draw is below its probability. With
    ``slip_mean_days`` > 0, each won deal's close (``close_days`` from today) slips by an
    exponential number of days of that mean, and counts only if it still closes within
    ``horizon_days``. Vectorised per chunk of runs, in one reused buffer: draw, compare in
    place (1.0 won, 0.0 lost), one matrix-vector product.
    """
    deals = len(amounts)
    totals = np.zeros(runs)
    if deals == 0 or runs == 0:
        return totals
    rng = np.random.default_rng(seed)
    slip_rng = np.random.default_rng(seed + 1)
    buffer = np.empty((min(runs, _chunks(runs, deals)[0][1]), deals))
    for start, size in _chunks(runs, deals):
        cells = buffer[:size]
        rng.random(out=cells)
        np.less(cells, probabilities, out=cells, casting="unsafe")
        if slip_mean_days > 0 and close_days is not None and horizon_days is not None:
            slip = slip_rng.exponential(slip_mean_days, cells.shape)
            cells *= close_days + slip <= horizon_days
        totals[start : start + size] = cells @ amounts
    return totals


@dataclass(frozen=True)
class Distribution:
    p10: float
    p50: float
    p90: float
    prob_target: float | None


def summarise(totals: NDArray[np.float64], target: float | None = None) -> Distribution:
    """P10, P50, P90 of the simulated totals and the share of runs reaching ``target``."""
    if len(totals) == 0:
        return Distribution(0.0, 0.0, 0.0, None)
    p10, p50, p90 = np.percentile(totals, [10, 50, 90])
    reach = None if target is None else float(np.mean(totals >= target))
    return Distribution(float(p10), float(p50), float(p90), reach)


@dataclass(frozen=True)
class Initiative:
    """An addition to the run rate: ``value`` (over the horizon if it ran all of it), its
    probability ``p`` (0–1) and ``timing``, the share of the horizon it earns in (0–1)."""

    value: Decimal
    p: Decimal
    timing: Decimal = Decimal(1)


@dataclass(frozen=True)
class ScenarioInputs:
    """The inputs of §6.1.2's scenarios, over a 12-month horizon.

    * ``run_rate``: revenue of the last 12 months;
    * ``growth``: organic growth of that revenue, a fraction (0.05 is +5 %);
    * ``initiatives``: initiatives and deals on top of the run rate (see :class:`Initiative`);
    * ``churn_risk``: revenue expected to be lost (churn or contraction), an amount;
    * ``growth_spread``: how far upside and downside move the growth (± points of a fraction);
    * ``probability_flex``: how far they move each probability (× (1 ± flex), capped to 0–1);
    * ``churn_flex``: how far they move the churn risk (× (1 ∓ flex)).
    """

    run_rate: Decimal
    growth: Decimal
    initiatives: tuple[Initiative, ...] = ()
    churn_risk: Decimal = ZERO
    growth_spread: Decimal = Decimal("0.05")
    probability_flex: Decimal = Decimal("0.25")
    churn_flex: Decimal = Decimal("0.5")


def scenario(inputs: ScenarioInputs, *, direction: int) -> Decimal:
    """run rate × (1 + growth) + Σ value × p × timing − churn risk; ``direction`` +1 is the
    upside, −1 the downside, 0 the base."""
    flex = Decimal(direction)
    growth = inputs.growth + flex * inputs.growth_spread
    added = sum(
        (
            i.value
            * min(max(i.p * (1 + flex * inputs.probability_flex), ZERO), Decimal(1))
            * i.timing
            for i in inputs.initiatives
        ),
        ZERO,
    )
    churn = inputs.churn_risk * (1 - flex * inputs.churn_flex)
    return inputs.run_rate * (1 + growth) + added - churn


def scenarios(inputs: ScenarioInputs) -> dict[str, Decimal]:
    """§6.1.2 base, upside and downside, rounded to cents."""
    cent = Decimal("0.01")
    return {
        name: scenario(inputs, direction=d).quantize(cent)
        for name, d in (("base", 0), ("upside", 1), ("downside", -1))
    }


def backtest(series: Sequence[Sequence[Decimal]]) -> dict[str, float | int | None]:
    """Forecast from 12 months ago vs what happened, for accounts' monthly revenue.

    Each series holds 36 months, oldest first. The model forecasts months 25–36 as the run
    rate of months 13–24 × (1 + its growth over months 1–12); the naive forecast is that run
    rate alone. Returns both mean absolute percentage errors over the accounts with revenue.
    """
    model_errors: list[float] = []
    naive_errors: list[float] = []
    for months in series:
        if len(months) < 36:
            continue
        first, run_rate, actual = (sum(months[k : k + 12], ZERO) for k in (0, 12, 24))
        if actual <= 0:
            continue
        growth = run_rate / first - 1 if first > 0 else ZERO
        model = run_rate * (1 + growth)
        model_errors.append(float(abs(model - actual) / actual))
        naive_errors.append(float(abs(run_rate - actual) / actual))
    if not model_errors:
        return {"accounts": 0, "mape": None, "naive_mape": None}
    return {
        "accounts": len(model_errors),
        "mape": round(float(np.mean(model_errors)), 4),
        "naive_mape": round(float(np.mean(naive_errors)), 4),
    }
