"""What ``kamp kpi``, ``kamp kpi snapshot`` and ``kamp forecast`` do, as plain functions returning
JSON-ready dicts (the typer commands in :mod:`kamp.cli` only parse options and print). The CLI
reads with full rights. Needs Django set up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kamp.accounts.services.common import local_today
from kamp.performance import forecasting, selectors, services
from kamp.performance.report import kpi_payload

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal


def kpi_report(as_of: dt.date | None = None) -> dict[str, Any]:
    """``kamp kpi [--as-of YYYY-MM-DD] --json``: the programme's and each account's KPIs."""
    return kpi_payload(selectors.kpi_figures(actor=None, as_of=as_of or local_today()))


def kpi_snapshot(month: dt.date | None = None) -> dict[str, Any]:
    """``kamp kpi snapshot``: take (or retake) the month's snapshot; what was stored."""
    taken = services.kpi_snapshot_take(actor=None, month=month or local_today())
    return {"month": taken[0].month.isoformat(), "accounts": len(taken) - 1}


def forecast_report(
    account: str | None = None,
    runs: int = 10_000,
    seed: int = 1,
    target: Decimal | None = None,
    *,
    slip_mean_days: float = 0.0,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """``kamp forecast [ACCOUNT] [--runs N] [--seed S] [--target AMOUNT] --json``: the pipeline
    (exact expected value and deviation, simulated P10/P50/P90, chance of the target), the
    scenarios, and the backtest of the programme. Without ``account``: the whole programme."""
    day = today or local_today()
    data = forecasting.forecast_data(
        actor=None,
        today=day,
        account=account,
        runs=runs,
        seed=seed,
        target=target,
        slip_mean_days=slip_mean_days,
    )
    data["backtest"] = forecasting.backtest_data(actor=None, today=day)
    return data
