"""`kamp kpi` and `kamp forecast`: what the programme earns, and what comes next."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 (typer reads annotations at run time)
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from kamp.cli._common import JsonFlag, echo_json, fail, out, setup_django, user_errors

kpi_app = typer.Typer(
    help="The programme's KPIs and each key account's; `kamp kpi snapshot` stores the month's.",
    invoke_without_command=True,
)

AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="Figures as on this date (default today)."),
]


@kpi_app.callback()
def kpi(ctx: typer.Context, *, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Key accounts' revenue, growth and shares against the rest; each account against target."""
    if ctx.invoked_subcommand is not None:
        return
    setup_django()
    from kamp.performance.commands import kpi_report

    with user_errors():
        report = kpi_report(as_of.date() if as_of else None)
    if as_json:
        echo_json(report)
        return
    programme: dict[str, Any] = report["programme"]
    out.print(f"KPIs as of {report['as_of']} ({report['currency']})")
    table = Table()
    table.add_column("KPI")
    table.add_column("value", justify="right")
    for key, value in programme.items():
        table.add_row(key, escape(str(value)))
    out.print(table)


@kpi_app.command("snapshot")
def snapshot(*, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Take (or retake) the month's KPI snapshot, so the trend survives later imports."""
    setup_django()
    from kamp.performance.commands import kpi_snapshot

    with user_errors():
        taken = kpi_snapshot(as_of.date() if as_of else None)
    if as_json:
        echo_json(taken)
    else:
        out.print(f"Snapshot of {taken['month']}: the programme and {taken['accounts']} accounts.")


def forecast(
    account: Annotated[
        str | None, typer.Argument(help="A key account's group id; none: the programme.")
    ] = None,
    *,
    runs: Annotated[int, typer.Option(help="Monte Carlo runs.", min=1)] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed, the same draws.")] = 1,
    target: Annotated[
        str | None, typer.Option(help="Amount to reach, for the probability of reaching it.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The pipeline (expected, deviation, P10/P50/P90), scenarios and backtest."""
    try:
        amount = Decimal(target) if target is not None else None
    except InvalidOperation:
        raise fail(f"--target must be an amount, not {target!r}.") from None
    setup_django()
    from kamp.performance.commands import forecast_report

    with user_errors():
        report = forecast_report(account, runs, seed, amount)
    if as_json:
        echo_json(report)
        return
    table = Table(title=f"Forecast: {escape(account or 'the programme')}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for section in ("pipeline", "scenarios"):
        for key, value in report[section].items():
            table.add_row(f"{section}.{key}", escape(str(value)))
    out.print(table)
