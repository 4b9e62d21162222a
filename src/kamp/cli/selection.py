"""`kamp select` (propose the key accounts) and `kamp scoring-model import|export` (TOML)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 (typer reads annotations at run time)
from pathlib import Path  # noqa: TC003 (typer reads annotations at run time)
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kamp.cli._common import echo_json, out, setup_django, user_errors

scoring_model_app = typer.Typer(
    help="Import and export scoring models (TOML).", no_args_is_help=True
)


def select(
    *,
    model: Annotated[
        Path | None, typer.Option(help="Scoring model TOML file (default: the newest saved).")
    ] = None,
    model_name: Annotated[str | None, typer.Option(help="A saved model, by name.")] = None,
    scores: Annotated[
        Path | None, typer.Option(help="CSV account,criterion,score: the team's scores.")
    ] = None,
    capacity: Annotated[
        list[str] | None,
        typer.Option(help="kams=4,gold=3,silver=5,bronze=8[,max_accounts=30] (repeatable)."),
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option(help="Must include: ID:reason (repeatable).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Must exclude: ID:reason (repeatable).")
    ] = None,
    limit: Annotated[
        list[str] | None, typer.Option(help="dimension|key|min|max, e.g. 'segment|Water|2|6'.")
    ] = None,
    attractiveness_weight: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Value = w x attractiveness + (1 - w) x strength, as shares of the scale.",
        ),
    ] = 0.5,
    penalty: Annotated[
        list[str] | None,
        typer.Option(help="Risk or cost to serve taken off the value: ID=0.2 (repeatable)."),
    ] = None,
    as_of: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day of the data.")
    ] = None,
    top: Annotated[int, typer.Option(help="Rows in the table (not in --json).")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Score every customer group and propose the key accounts within the KAMs' capacity.

    Nothing is saved: save runs in the web pages or the API. --json prints one object
    {"model": {...}, "accounts": [...], "coverage": {...}}: the model's kind ("matrix", or
    "ranking" for a one-axis model), and the accounts ranked by value, each with its "class"
    when the model has bands; accounts with "not enough data" have no scores and come last.
    """
    setup_django()
    from kamp.selection import commands
    from kamp.selection.engine import outcome_json

    with user_errors():
        parameters = commands.parse_capacity(capacity or ["kams=1"])
        parameters["limits"] = commands.parse_limits(limit or [])
        parameters["overrides"] = commands.parse_overrides(
            include or [], include=True
        ) + commands.parse_overrides(exclude or [], include=False)
        parameters["attractiveness_weight"] = attractiveness_weight
        parameters["penalties"] = commands.parse_penalties(penalty or [])
        spec = commands.load_spec(model, model_name)
        outcome = commands.select(
            spec=spec,
            parameters=parameters,
            scores_file=scores,
            as_of=as_of.date() if as_of else None,
        )
    result = outcome_json(outcome, spec)
    if as_json:
        echo_json(result)
        return
    kind = "a ranking" if spec.is_ranking else "a matrix"
    table = Table(title=f"{spec.name} ({kind}): accounts ranked by value (data to {outcome.as_of})")
    place = "class" if spec.is_ranking else "quadrant"
    for column in ("#", "account", "name", "attract.", "strength", place, "tier", "selected"):
        table.add_column(column)

    def figure(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    for rank, row in enumerate(result["accounts"][:top], start=1):
        scored = row["status"] == "scored"
        table.add_row(
            str(rank),
            row["account"],
            escape(row["name"]),
            figure(row["attractiveness"]) if scored else "not enough data",
            figure(row["strength"]),
            escape(row["class"] if spec.is_ranking else row["quadrant"] or ""),
            row["tier"] or "",
            "yes" if row["selected"] else "",
        )
    out.print(table)
    cov = result["coverage"]
    out.print(
        f"Proposed {cov['accounts']} accounts: {cov['customers_share'] or 0:.0%} of customers, "
        f"{cov['revenue_share'] or 0:.0%} of revenue (reference: about 10% and 50%); "
        f"top {cov['accounts']} by revenue: {cov['top_n']['revenue_share'] or 0:.0%} of revenue."
    )


@scoring_model_app.command("import")
def scoring_model_import(
    file: Annotated[Path, typer.Argument(help="A scoring model in the TOML format.")],
    *,
    notes: Annotated[str, typer.Option(help="What changed.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Save a scoring model from a TOML file, as the next version of its name."""
    setup_django()
    from kamp.selection.services import scoring_model_import as save

    with user_errors():
        model = save(actor=None, text=file.read_text(encoding="utf-8"), notes=notes)
    if as_json:
        echo_json({"name": model.name, "version": model.version, "id": str(model.public_id)})
    else:
        out.print(f"Saved {escape(model.name)!r} as version {model.version}.")


@scoring_model_app.command("export")
def scoring_model_export(
    name: Annotated[str, typer.Argument(help="The model's name (or a preset: mcdonald, ...).")],
    *,
    version: Annotated[int | None, typer.Option(help="Default: the newest.")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to a file.")] = None,
) -> None:
    """Print a saved scoring model (or a preset) as TOML, or write it to a file."""
    setup_django()
    from kamp.selection.commands import model_text

    with user_errors():
        text = model_text(name, version)
        if out_file is not None:
            out_file.write_text(text, encoding="utf-8")
    if out_file is None:
        typer.echo(text, nl=False)
