"""`kamp demo` (load the demo company, its logins and plans, then serve) and
`kamp generate-demo-data` (the demo company as ERP export files)."""

from __future__ import annotations

import os
from datetime import datetime  # noqa: TC003 (typer reads annotations at run time)
from pathlib import Path  # noqa: TC003 (typer reads annotations at run time)
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kamp.cli._common import (
    DEMO_SEED,
    JsonFlag,
    echo_json,
    err,
    fail,
    out,
    setup_django,
    user_errors,
)
from kamp.cli.manage import run_migrations
from kamp.cli.serve import background_worker, serve_app

if TYPE_CHECKING:
    from rich.progress import TaskID

    from kamp.customers.services import LoadSummary


def demo(
    *,
    serve_it: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve kamp once the demo is loaded.")
    ] = True,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    seed: Annotated[
        int, typer.Option(help="Seed of the demo generator: another seed, another company.")
    ] = DEMO_SEED,
    customers: Annotated[int, typer.Option(hidden=True, min=10)] = 3_000,
    as_json: JsonFlag = False,
) -> None:
    """Load a demo company (3,000 customers, 3 years of sales) with demo logins, and serve it.

    Turns KAMP_DEBUG on unless it is set; the data goes to KAMP_DATA_DIR (default ./var) or
    KAMP_DATABASE_URL. Running it again is safe: a loaded demo is left as it is.
    """
    os.environ.setdefault("KAMP_DEBUG", "true")
    setup_django()
    from django.conf import settings

    if not settings.DEBUG:
        raise fail(
            "kamp demo creates logins with a published password, so it needs KAMP_DEBUG on. "
            "Unset KAMP_DEBUG (or set it to true), and never run the demo in production."
        )
    with user_errors():
        with err.status("Preparing the database…"):
            run_migrations()
        summary = load_demo(seed=seed, customers=customers, quiet=as_json)
        users = create_demo_users()
        selection = load_demo_selection()
        plans = load_demo_accounts()
        load_demo_sponsorship()
        load_demo_change()
        load_demo_casting()
        load_demo_performance()
    url = f"http://{host}:{port}"
    if as_json:
        echo_json(
            {
                "url": url,
                "loaded": summary.loaded,
                "message": summary.message,
                **users,
                "selection": selection,
                "key_account_plans": plans,
            }
        )
    else:
        out.print(escape(summary.message))
        out.print(escape(selection))
        out.print(escape(plans))
        out.print(demo_logins_table())
        out.print(f"Open [bold]{url}[/] and sign in with one of the logins above.")
    if serve_it:
        with background_worker(enabled=True):
            serve_app(host=host, port=port)


def load_demo(*, seed: int, customers: int, quiet: bool) -> LoadSummary:
    """Generate the demo company and load it, with a progress bar, unless it is already there."""
    from kamp.customers.demo import generate_demo_company
    from kamp.customers.services import LoadSummary, demo_company_load, demo_company_loaded

    if demo_company_loaded():
        return LoadSummary(loaded=False, message="The demo company is already loaded.")
    with err.status("Inventing the demo company…"):
        company = generate_demo_company(seed=seed, n_customers=customers)
    columns = (TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, disable=quiet) as progress:
        tasks: dict[str, TaskID] = {}

        def advance(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(f"Loading {step}", total=total)
            progress.update(tasks[step], completed=done)

        return demo_company_load(actor=None, company=company, progress=advance)


def load_demo_selection() -> str:
    """Add the demo's segments, preset models, team scores, draft run and programme (charter,
    interviews, steering reviews, roadmap) if they are missing."""
    from kamp.programme.demo import demo_programme_ensure
    from kamp.selection.demo import demo_selection_ensure

    with err.status("Preparing the demo selection…"):
        done = demo_selection_ensure()
        demo_programme_ensure()
    if not done.created:
        return "The demo selection is already there."
    return (
        f"Demo selection: {done.segments} segments, {done.models} preset models, "
        f"{done.scores} team scores, and the draft run {done.run}."
    )


def load_demo_accounts() -> str:
    """Give every key account of the demo a plan (demo key accounts first, if there are none)."""
    from kamp.accounts.demo import demo_accounts_ensure

    with err.status("Writing the demo account plans…"):
        made = demo_accounts_ensure()
    if not made:
        return "Every key account already has its plan."
    return f"Wrote the account plan of {made} key accounts."


def load_demo_sponsorship() -> None:
    """Log the demo sponsors' engagements with their key accounts (once)."""
    from kamp.programme.demo import demo_sponsorship_ensure

    with err.status("Logging the demo sponsors' engagements…"):
        demo_sponsorship_ensure()


def load_demo_change() -> None:
    """Two maturity assessments a year apart, a communication plan, a pulse and concerns (once)."""
    from kamp.change.demo import demo_change_ensure

    with err.status("Assessing the demo programme's maturity…"):
        demo_change_ensure()


def load_demo_casting() -> None:
    """A competency framework, role profiles, an assessment campaign and a team to cast (once)."""
    from kamp.casting.demo import demo_casting_ensure

    with err.status("Assessing the demo KAMs…"):
        demo_casting_ensure()


def load_demo_performance() -> None:
    """Targets, opportunities and a year of KPI snapshots for the demo key accounts (once)."""
    from kamp.performance.demo import demo_performance_ensure

    with err.status("Setting the demo targets and pipeline…"):
        demo_performance_ensure()


def create_demo_users() -> dict[str, list[str]]:
    """Create the demo logins that do not exist yet; say which are new."""
    from kamp.customers.demo import DEMO_PASSWORD, DEMO_USERS, ORGANISATION
    from kamp.customers.services import demo_users_create

    made = demo_users_create(
        actor=None, users=DEMO_USERS, organisation=ORGANISATION, password=DEMO_PASSWORD
    )
    return {
        "users": [spec.username for spec, _new in made],
        "created_users": [spec.username for spec, new in made if new],
    }


def demo_logins_table() -> Table:
    """The demo logins, their roles and the shared password."""
    from kamp.customers.demo import DEMO_PASSWORD, DEMO_USERS
    from kamp.organisation.permissions import Role

    table = Table(title="Demo logins")
    for column in ("user", "name", "role", "unit", "password"):
        table.add_column(column)
    for spec in DEMO_USERS:
        role = str(Role(spec.role).label) if spec.role else "Administrator"
        name = f"{spec.first_name} {spec.last_name}"
        table.add_row(spec.username, name, role, spec.unit or "all", DEMO_PASSWORD)
    return table


def generate_demo_data(
    *,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for customers.csv, contacts.csv, sales.csv.")
    ],
    lines: Annotated[int, typer.Option(help="Invoice lines in sales.csv.", min=1)] = 1_000_000,
    seed: Annotated[int, typer.Option(help="Seed of the demo generator.")] = DEMO_SEED,
    as_of: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Sales run to the last full month by this date."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write the demo company as an ERP export: customers, contacts and N sales lines (CSV)."""
    from kamp.customers.demo import write_source_files

    columns = (TextColumn("Writing sales lines"), BarColumn(), MofNCompleteColumn())
    with (
        user_errors(),
        Progress(*columns, TimeElapsedColumn(), console=err, disable=as_json) as progress,
    ):
        task = progress.add_task("lines", total=lines)
        files = write_source_files(
            out_dir,
            lines=lines,
            seed=seed,
            as_of=as_of.date() if as_of else None,
            progress=lambda done, _total: progress.update(task, completed=done),
        )
    summary: dict[str, Any] = {
        "customers": str(files.customers),
        "contacts": str(files.contacts),
        "sales": str(files.sales),
        "lines": files.lines,
        "facts": files.facts,
    }
    if as_json:
        echo_json(summary)
    else:
        out.print(
            f"Wrote {files.lines:,} sales lines ({files.facts:,} monthly facts) to {out_dir}."
        )
