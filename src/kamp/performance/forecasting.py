"""The forecast of one key account or of the whole programme, from the database: reads through
the selectors, computes with :mod:`kamp.performance.forecast` (``kamp forecast``, the API).

Scenario parameters, per account over the next 12 months (§6.1.2):

* run rate: revenue of the last 12 months (as ``kamp kpi`` counts it);
* growth: the account's growth over the year before, kept within ±30 %;
* initiatives: the open opportunities expected to close within the horizon (amount,
  probability, timing 1: a deal's amount is earned once it is won);
* churn risk: half the run rate for a relationship that is disintegrating, else nothing.

The programme's scenarios are the sums of its accounts'.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kamp.accounts.models import RelationshipStage
from kamp.core.money import money_total
from kamp.performance import forecast, selectors
from kamp.performance.report import _currency, fraction, money

if TYPE_CHECKING:
    from kamp.performance.selectors import AccountFigures, Actor

HORIZON_DAYS = 365
GROWTH_CAP = Decimal("0.3")
CHURN_SHARE = Decimal("0.5")


def _inputs(a: AccountFigures, deals: list[tuple[Decimal, Decimal]]) -> forecast.ScenarioInputs:
    growth = max(min(a.growth or Decimal(0), GROWTH_CAP), -GROWTH_CAP)
    disintegrating = a.key_account.relationship_stage == RelationshipStage.DISINTEGRATING
    run_rate = a.revenue.revenue
    return forecast.ScenarioInputs(
        run_rate=run_rate,
        growth=growth,
        initiatives=tuple(forecast.Initiative(amount, p) for amount, p in deals),
        churn_risk=run_rate * CHURN_SHARE if disintegrating else Decimal(0),
    )


def forecast_data(
    *,
    actor: Actor,
    today: dt.date,
    account: str | None = None,
    runs: int = 10_000,
    seed: int = 1,
    target: Decimal | None = None,
    slip_mean_days: float = 0.0,
) -> dict[str, Any]:
    """``pipeline`` (expected, std, p10, p50, p90, prob_target) and ``scenarios`` (base, upside,
    downside) of ``account`` (a group's customer id) or of every current key account."""
    figures = selectors.kpi_figures(actor=actor, as_of=today)
    rows = figures.accounts
    if account is not None:
        rows = [a for a in rows if a.key_account.customer.source_id == account]
        if not rows:
            raise ValidationError(_("No current key account %(account)s.") % {"account": account})
    heads = {a.key_account.customer_id: a for a in rows}
    until = today + dt.timedelta(days=HORIZON_DAYS)
    deals = list(selectors.pipeline_of(actor=actor, heads=list(heads), until=until))
    by_head: dict[int, list[tuple[Decimal, Decimal]]] = {h: [] for h in heads}
    for deal in deals:
        head = deal.customer.group_id or deal.customer_id
        by_head[head].append((deal.amount, deal.probability))
    amounts = [d.amount for d in deals]
    probabilities = [d.probability for d in deals]
    totals = forecast.simulate(
        np.array([float(x) for x in amounts]),
        np.array([float(p) for p in probabilities]),
        runs=runs,
        seed=seed,
        close_days=np.array([max((d.expected_close - today).days, 0) for d in deals], float),
        horizon_days=HORIZON_DAYS,
        slip_mean_days=slip_mean_days,
    )
    spread = forecast.summarise(totals, None if target is None else float(target))
    per_account = [forecast.scenarios(_inputs(a, by_head[h])) for h, a in heads.items()]
    scenarios = {
        name: money(money_total([s[name] for s in per_account]))
        for name in ("base", "upside", "downside")
    }
    cent = Decimal("0.01")
    return {
        "as_of": today.isoformat(),
        "currency": _currency(),
        "account": account,
        "pipeline": {
            "deals": len(deals),
            "expected": money(forecast.pipeline_expected(amounts, probabilities)),
            "std": money(forecast.pipeline_std(amounts, probabilities).quantize(cent)),
            "p10": money(Decimal(spread.p10).quantize(cent)),
            "p50": money(Decimal(spread.p50).quantize(cent)),
            "p90": money(Decimal(spread.p90).quantize(cent)),
            "prob_target": fraction(
                None if spread.prob_target is None else Decimal(spread.prob_target)
            ),
            "target": money(target),
            "runs": runs,
            "seed": seed,
        },
        "scenarios": scenarios,
    }


def backtest_data(*, actor: Actor, today: dt.date) -> dict[str, Any]:
    """The forecast made 12 months ago vs what happened, per current key account (MAPE)."""
    window = selectors.kpi_window(actor=actor, as_of=today)
    if window is None:
        return forecast.backtest([])
    accounts = selectors.current_key_accounts(actor=actor, as_of=today)
    heads = [ka.customer_id for ka in accounts]
    start = selectors.add_months(window.last, -35)
    months = [selectors.add_months(start, k) for k in range(36)]
    found = selectors.monthly_by_group(actor=actor, heads=heads, start=start, last=window.last)
    zero = Decimal(0)
    return forecast.backtest([[found.get(h, {}).get(m, zero) for m in months] for h in heads])
