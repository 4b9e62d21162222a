"""The ``kamp`` command: try the demo, run the server, manage logins and tokens, make test data.

One module per command family (``demo``, ``serve``, ``manage``, ``users``, ``imports``,
``selection``, ``documents``, ``ops``); shared output, ``--json`` and error handling in
``_common``. This module only assembles them, in the order ``kamp --help`` lists them.

Django is set up inside the commands that need it, not at import, so ``kamp --help`` stays fast
and ``kamp demo`` can turn debug mode on before the settings are read.
"""

from __future__ import annotations

import typer

from kamp.cli import (
    casting,
    change,
    demo,
    documents,
    imports,
    manage,
    ops,
    performance,
    selection,
    serve,
    users,
)

app = typer.Typer(
    name="kamp",
    help="kamp: run a Key Account Management programme. Start with `kamp demo`.",
    no_args_is_help=True,
    add_completion=False,
    # Locals can hold passwords and tokens: never print them with a traceback.
    pretty_exceptions_show_locals=False,
)
app.command()(demo.demo)
app.command()(serve.serve)
app.command()(manage.migrate)
app.command()(users.createuser)
app.command("generate-demo-data")(demo.generate_demo_data)
app.command("import")(imports.import_file)
app.command("import-history")(imports.import_history)
app.command("import-undo")(imports.import_undo)
app.command("export")(imports.export)
app.command()(serve.worker)
app.command()(selection.select)
app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)(manage.manage)
app.command()(documents.brief)
app.command()(documents.summary)
app.command("sponsorship-plan")(documents.sponsorship_plan)
app.command()(change.maturity)
app.command()(performance.forecast)
app.add_typer(performance.kpi_app, name="kpi")
app.command()(ops.backup)
app.command()(ops.restore)
app.add_typer(casting.casting_app, name="casting")
app.add_typer(users.token_app, name="token")
app.add_typer(selection.scoring_model_app, name="scoring-model")


def main() -> None:
    """Entry point of the ``kamp`` script."""
    app()


__all__ = ["app", "main"]
