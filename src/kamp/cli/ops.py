"""`kamp backup` and `kamp restore`: the whole database in one file, and back."""

from __future__ import annotations

from pathlib import Path  # noqa: TC003 (typer reads annotations at run time)
from typing import Annotated

import typer
from rich.markup import escape

from kamp.cli._common import JsonFlag, echo_json, err, fail, out, setup_django, user_errors


def backup(
    destination: Annotated[Path, typer.Argument(help="The backup file to write (replaced).")],
    *,
    as_json: JsonFlag = False,
) -> None:
    """Back up the database (SQLite online backup, or pg_dump on PostgreSQL) into one file."""
    setup_django()
    from kamp.cli.manage import database_label
    from kamp.ops.backup import backup_database

    with user_errors(), err.status("Backing up…"):
        written = backup_database(destination)
    size = written.stat().st_size
    if as_json:
        echo_json({"database": database_label(), "backup": str(written), "bytes": size})
    else:
        out.print(
            f"Backed up {escape(database_label())} to {escape(str(written))} ({size:,} bytes)."
        )


def restore(
    source: Annotated[Path, typer.Argument(help="A file written by `kamp backup`.")],
    *,
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the database without asking (scripts).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace the database's contents with a backup. Stop `kamp serve` and workers first."""
    setup_django()
    from kamp.cli.manage import database_label
    from kamp.ops.backup import restore_database

    if not source.is_file():
        raise fail(f"No backup at {source}.")
    question = f"Replace everything in {database_label()} with {source}?"
    if not yes and not typer.confirm(question, default=False, err=True):
        raise fail("Restore cancelled; nothing changed.")
    with user_errors(), err.status("Restoring…"):
        restore_database(source)
    if as_json:
        echo_json({"database": database_label(), "restored_from": str(source)})
    else:
        out.print(f"Restored {escape(database_label())} from {escape(str(source))}.")
