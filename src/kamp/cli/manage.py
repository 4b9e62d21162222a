"""`kamp migrate` (create or upgrade the database) and `kamp manage` (any Django command)."""

from __future__ import annotations

import typer  # noqa: TC002 (typer reads annotations at run time)
from rich.markup import escape

from kamp.cli._common import JsonFlag, echo_json, out, setup_django, user_errors


def run_migrations() -> int:
    """Apply pending migrations quietly; return how many were applied."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    return pending


def database_label() -> str:
    """The database in use, without its password: a file path or ``name on host``."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return str(db["NAME"])
    return f"{db['NAME']} on {db.get('HOST') or 'localhost'}"


def migrate(*, as_json: JsonFlag = False) -> None:
    """Create the database, or bring it up to date after an upgrade."""
    setup_django()
    with user_errors():
        applied = run_migrations()
    if as_json:
        echo_json({"database": database_label(), "applied": applied})
    elif applied:
        out.print(f"Applied {applied} migrations to {escape(database_label())}.")
    else:
        out.print(f"The database {escape(database_label())} is up to date.")


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `kamp manage check --deploy`."""
    setup_django()
    from django.core.management import execute_from_command_line

    # Django exits with the command's own status on failure; success falls through as 0.
    execute_from_command_line(["kamp manage", *ctx.args])
