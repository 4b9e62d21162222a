"""`kamp casting`: KAMs against the profile, the decision for each, and who covers which account."""

from __future__ import annotations

from pathlib import Path  # noqa: TC003 (typer reads annotations at run time)
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from kamp.cli._common import JsonFlag, echo_json, out, setup_django, user_errors

casting_app = typer.Typer(
    help="KAM casting: fit and decision per person, account assignment, imports.",
    no_args_is_help=False,
    invoke_without_command=True,
)


@casting_app.callback()
def casting(
    ctx: typer.Context,
    *,
    profile: Annotated[
        str | None, typer.Option(help="Measure everyone against this role profile (its name).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Each person's fit to their profile, the decision (keep, train, transfer_hire) and gaps."""
    if ctx.invoked_subcommand is not None:
        return
    setup_django()
    from kamp.casting.commands import casting_report

    with user_errors():
        report = casting_report(profile)
    if as_json:
        echo_json(report)
        return
    table = Table(title="KAM casting")
    for column in ("person", "profile", "fit", "decision", "gaps below the profile"):
        table.add_column(column)
    for person in report["people"]:
        short = [g for g in person["gaps"] if g["gap"] < 0]
        gaps = ", ".join(f"{g['competency']} {g['gap']:+d}" for g in short) or "—"
        table.add_row(
            escape(person["person"]),
            escape(person["profile"]),
            f"{person['fit']:.2f}",
            person["decision"],
            escape(gaps),
        )
    out.print(table)


@casting_app.command("assign")
def assign(*, as_json: JsonFlag = False) -> None:
    """Propose who covers which key account (fit, continuity, capacity); the director accepts."""
    setup_django()
    from kamp.casting.commands import casting_assign

    with user_errors():
        report = casting_assign()
    if as_json:
        echo_json(report)
        return
    table = Table(title="Proposed assignment")
    for column in ("account", "KAM", "now", "fit", "changed"):
        table.add_column(column)
    for row in report["assignments"]:
        table.add_row(
            escape(str(row["account"])),
            escape(str(row["kam"])),
            escape(str(row["current"] or "—")),
            f"{row['fit']:.2f}",
            "yes" if row["changed"] else "",
        )
    out.print(table)


@casting_app.command("import-assessments")
def import_assessments(
    path: Annotated[Path, typer.Argument(help="CSV (person,competency,level) or TOML.")],
    *,
    campaign: Annotated[str, typer.Option(help="The assessment campaign's name.")],
    as_json: JsonFlag = False,
) -> None:
    """Import attained levels as closed assessments of a campaign (all rows or none)."""
    setup_django()
    from kamp.casting.commands import casting_import_assessments

    with user_errors():
        report: dict[str, Any] = casting_import_assessments(path, campaign)
    _done(report, f"Imported the assessments of {len(report['imported'])} people.", as_json=as_json)


@casting_app.command("import-profiles")
def import_profiles(
    path: Annotated[Path, typer.Argument(help="CSV (person=profile name,competency,level).")],
    *,
    framework: Annotated[str, typer.Option(help="The competency framework's key.")],
    role: Annotated[str, typer.Option(help="The role the profiles are for.")] = "kam",
    as_json: JsonFlag = False,
) -> None:
    """Import role profiles (required level, weight, reason per competency; all or none)."""
    setup_django()
    from kamp.casting.commands import casting_import_profiles

    with user_errors():
        report: dict[str, Any] = casting_import_profiles(path, framework, role)
    _done(report, f"Imported {len(report['profiles'])} role profiles.", as_json=as_json)


def _done(report: dict[str, Any], message: str, *, as_json: bool) -> None:
    if as_json:
        echo_json(report)
    else:
        out.print(message)
