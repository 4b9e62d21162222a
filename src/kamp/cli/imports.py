"""`kamp import`, `kamp import-history`, `kamp import-undo` and `kamp export`."""

from __future__ import annotations

from pathlib import Path  # noqa: TC003 (typer reads annotations at run time)
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kamp.cli._common import Failure, echo_json, err, found, out, setup_django, user_errors

if TYPE_CHECKING:
    from rich.progress import TaskID

# An import that ends in one of these exits with status 1 (ImportRun.Status values).
UNSUCCESSFUL = frozenset({"rejected", "failed"})


def import_file(
    kind: Annotated[str, typer.Argument(help="customers, contacts, sales or wallet.")],
    file: Annotated[
        Path, typer.Argument(help="A CSV, XLSX or Parquet file.", dir_okay=False, exists=True)
    ],
    *,
    mapping: Annotated[
        Path | None,
        typer.Option(help="TOML mapping file: columns, delimiter, decimal, date_format, ..."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count everything, write nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse unknown product lines, units, countries.")
    ] = False,
    create_customers: Annotated[
        bool,
        typer.Option(
            "--create-customers", help="Sales or wallets of unknown customers create them."
        ),
    ] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows; report the others.")
    ] = False,
    as_user: Annotated[
        str | None,
        typer.Option("--as", help="Record the import as this user's (who must be allowed)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the outcome as one JSON object.")
    ] = False,
) -> None:
    """Import customers, contacts, sales lines or wallet estimates from a file.

    All or nothing: a file with any problem writes nothing, and the problems are listed with their
    row, column and value. Importing the same file again changes nothing. Exits 1 when anything
    was rejected.
    """
    setup_django()
    from kamp.imports.kinds import KINDS
    from kamp.imports.mapping import MappingError, parse_mapping_toml
    from kamp.imports.services import import_run_create
    from kamp.imports.validate import Options
    from kamp.users.selectors import user_by_username

    with user_errors():
        if kind not in KINDS:
            raise Failure(f"Unknown kind {kind!r}; use one of {', '.join(KINDS)}.")
        try:
            spec = parse_mapping_toml(mapping.read_text("utf-8"), kind=kind) if mapping else None
        except MappingError as error:
            raise Failure(str(error)) from None
        actor = found(user_by_username(as_user), f"user named {as_user!r}") if as_user else None
        run = import_run_create(
            actor=actor,
            kind=kind,
            file_name=file.name,
            path=file,
            mapping=spec,
            options=Options(
                strict=strict, create_customers=create_customers, skip_invalid=skip_invalid
            ),
            dry_run=dry_run,
        )
        run = run_with_progress(run.pk, quiet=as_json)
    report_import(run, as_json=as_json)
    if run.status in UNSUCCESSFUL or run.error_count:
        raise typer.Exit(code=1)


def run_with_progress(run_id: int, *, quiet: bool) -> Any:
    """Execute an import with a progress bar on standard error."""
    from kamp.imports.services import import_run_execute

    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, disable=quiet) as progress:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage.capitalize(), total=total)
            progress.update(tasks[stage], completed=done, total=total)

        return import_run_execute(run_id=run_id, progress=advance)


def report_import(run: Any, *, as_json: bool) -> None:
    """The outcome: the JSON summary, or a message, the counts and the first problems."""
    if as_json:
        echo_json(run.summary())
        if run.message:
            err.print(escape(run.message), soft_wrap=True)
        return
    out.print(escape(run.message))
    counts = run.summary()
    out.print(
        "rows read {rows_read:,} · imported {rows_imported:,} · created {created:,} · "
        "updated {updated:,} · unchanged {unchanged:,}".format(**counts)
    )
    if "revenue_total" in counts:
        out.print(f"revenue total {counts['revenue_total']:,.2f}")
    if run.new_refs:
        for field, names in run.new_refs.items():
            out.print(f"new {field}: {escape(', '.join(names))}")
    if run.errors:
        table = Table(title=f"Problems ({run.error_count:,})")
        for column in ("row", "column", "value", "message"):
            table.add_column(column)
        for e in run.errors[:50]:
            table.add_row(
                str(e["row"] or ""), escape(e["column"]), escape(e["value"]), escape(e["message"])
            )
        out.print(table)
        if run.error_count > 50:
            out.print(f"… and {run.error_count - 50:,} more (use --json for up to 1,000).")


def import_history(
    *,
    limit: Annotated[int, typer.Option(help="How many imports to list.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the latest imports: when, who, which file, what happened."""
    setup_django()
    from kamp.imports.selectors import recent_imports

    with user_errors():
        runs = recent_imports(limit)
    rows = [
        {
            "id": str(r.public_id),
            "when": r.created_at,
            "kind": r.kind,
            "file": r.file_name,
            "sha256": r.file_hash,
            "status": r.status,
            "by": r.created_by.get_username() if r.created_by else None,
            **{k: v for k, v in r.summary().items() if k != "errors"},
        }
        for r in runs
    ]
    if as_json:
        echo_json(rows)
        return
    table = Table(title="Imports")
    for column in ("id", "when", "kind", "file", "status", "rows", "by"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["id"][:8],
            f"{r['when']:%Y-%m-%d %H:%M}",
            r["kind"],
            escape(r["file"]),
            r["status"],
            f"{r['rows_read']:,}",
            r["by"] or "command line",
        )
    out.print(table)


def import_undo(
    import_id: Annotated[str, typer.Argument(help="The import's id, or its first characters.")],
    *,
    as_user: Annotated[
        str | None, typer.Option("--as", help="Record the undo as this user's.")
    ] = None,
) -> None:
    """Undo a whole import: remove its sales, or restore what it changed and remove what it made."""
    setup_django()
    from kamp.imports.selectors import import_runs_matching
    from kamp.imports.services import import_run_undo
    from kamp.users.selectors import user_by_username

    with user_errors():
        matches = import_runs_matching(import_id)
        if len(matches) != 1:
            raise Failure(
                f"{'No' if not matches else 'More than one'} import matches {import_id!r}."
            )
        actor = found(user_by_username(as_user), f"user named {as_user!r}") if as_user else None
        run = import_run_undo(actor=actor, run=matches[0])
    out.print(f"Undone: {escape(str(run))}.")


def export(
    kind: Annotated[
        str, typer.Argument(help="customers, or sales (a summary by year and product line).")
    ],
    file: Annotated[
        Path, typer.Argument(help="Where to write: a .csv or .xlsx file.", dir_okay=False)
    ],
) -> None:
    """Export customers or a sales summary to CSV or XLSX (spreadsheet formulas neutralised)."""
    setup_django()
    from kamp.imports.exports import to_csv, to_xlsx
    from kamp.imports.selectors import EXPORTS
    from kamp.organisation.selectors import company_currency

    with user_errors():
        if kind not in EXPORTS:
            raise Failure(f"Unknown export {kind!r}; use customers or sales.")
        suffix = file.suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise Failure("Name the file .csv or .xlsx.")
        frame = EXPORTS[kind](actor=None)
        currency = company_currency()
        body = to_csv(frame) if suffix == ".csv" else to_xlsx(frame, title=kind, currency=currency)
        file.write_bytes(body)
    err.print(f"Wrote {frame.height:,} rows to {escape(str(file))}.")
