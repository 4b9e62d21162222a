"""The ``kamp`` command: try the demo, run the server, manage logins and tokens, make test data.

Django is set up inside the commands that need it, not at import, so ``kamp --help`` stays fast
and ``kamp demo`` can turn debug mode on before the settings are read. Errors a user can fix
end with a one-line message and exit status 1, never a traceback.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from datetime import datetime  # noqa: TC003 (typer reads annotations at run time)
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.progress import TaskID

    from kamp.customers.services import LoadSummary
    from kamp.users.models import User

app = typer.Typer(
    name="kamp",
    help="kamp: run a Key Account Management programme. Start with `kamp demo`.",
    no_args_is_help=True,
    add_completion=False,
    # Locals can hold passwords and tokens: never print them with a traceback.
    pretty_exceptions_show_locals=False,
)
token_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DEMO_SEED = 2026  # the generator's default seed, repeated here so --help needs no numpy


class Failure(Exception):
    """An error the user can fix: reported as one line, exit status 1."""


def fail(message: str) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise."""
    err.print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(code=1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can fix (bad input, missing rows, configuration) into messages."""
    from django.core.exceptions import (
        ImproperlyConfigured,
        ObjectDoesNotExist,
        PermissionDenied,
        ValidationError,
    )
    from django.core.management import CommandError
    from django.db import DatabaseError

    try:
        yield
    except ValidationError as error:
        raise fail(" ".join(error.messages)) from None
    except DatabaseError as error:
        raise fail(f"{error} (has the database been created? Run `kamp migrate`.)") from None
    except (Failure, ImproperlyConfigured, ObjectDoesNotExist, CommandError, OSError) as error:
        raise fail(str(error)) from None
    except PermissionDenied as error:
        raise fail(str(error) or "Permission denied.") from None


def setup_django() -> None:
    """Read the settings and load the apps; make the data directory the database lives in."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamp.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
        from django.conf import settings

        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    except (ImproperlyConfigured, OSError) as error:
        raise fail(str(error)) from None


def echo_json(data: object) -> None:
    """Print ``data`` as one line of JSON on standard output, for scripts."""
    typer.echo(json.dumps(data, default=str))


def database_label() -> str:
    """The database in use, without its password: a file path or ``name on host``."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return str(db["NAME"])
    return f"{db['NAME']} on {db.get('HOST') or 'localhost'}"


# -- Demo --------------------------------------------------------------------------------------


@app.command()
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
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
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
    from kamp.organisation.models import Membership

    table = Table(title="Demo logins")
    for column in ("user", "name", "role", "unit", "password"):
        table.add_column(column)
    for spec in DEMO_USERS:
        role = str(Membership.Role(spec.role).label) if spec.role else "Administrator"
        name = f"{spec.first_name} {spec.last_name}"
        table.add_row(spec.username, name, role, spec.unit or "all", DEMO_PASSWORD)
    return table


# -- Serving -----------------------------------------------------------------------------------


@app.command()
def serve(
    *,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to serve on; 0.0.0.0 for all.")] = "127.0.0.1",
    reload: Annotated[
        bool, typer.Option("--reload", help="Development: Django's server, reloading on edits.")
    ] = False,
    threads: Annotated[int, typer.Option(help="Worker threads.", min=1)] = 8,
    background: Annotated[
        bool,
        typer.Option("--worker/--no-worker", help="Also run the background worker (imports)."),
    ] = True,
) -> None:
    """Serve kamp with waitress (or Django's development server with --reload)."""
    setup_django()
    with background_worker(enabled=background):
        if reload:
            from django.core.management import call_command

            with user_errors():
                call_command("runserver", f"{host}:{port}")
            return
        serve_app(host=host, port=port, threads=threads)


@contextmanager
def background_worker(*, enabled: bool) -> Iterator[None]:
    """Run `kamp worker` in a child process for as long as the block lasts."""
    if not enabled:
        yield
        return
    import signal
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-m", "kamp.cli", "worker"])
    # A service manager stops kamp with SIGTERM: exit through `finally`, stopping the worker too.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(0))
    try:
        yield
    finally:
        child.terminate()
        child.wait(timeout=10)


def serve_app(*, host: str, port: int, threads: int = 8) -> None:
    """Serve the WSGI application until interrupted; collect static files first if needed."""
    from django.conf import settings
    from waitress import serve as waitress_serve

    with user_errors():
        if not settings.DEBUG and static_is_stale():
            from django.core.management import call_command

            with err.status("Collecting static files…"):
                call_command("collectstatic", interactive=False, verbosity=0)
        # Only now: WhiteNoise lists STATIC_ROOT when the application is built.
        from kamp.wsgi import application

        out.print(f"kamp is running at [bold]http://{host}:{port}[/] (Ctrl+C to stop).")
        waitress_serve(application, host=host, port=port, threads=threads, ident="kamp")


def static_is_stale() -> bool:
    """Whether STATIC_ROOT lacks the manifest, or any static file is newer than it."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(
        Path(storage.path(path)).stat().st_mtime > built
        for finder in get_finders()
        for path, storage in finder.list([])
    )


# -- Database ----------------------------------------------------------------------------------


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


@app.command()
def migrate(
    *, as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False
) -> None:
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


# -- Users and tokens --------------------------------------------------------------------------


@app.command()
def createuser(
    username: Annotated[str, typer.Argument(help="Login name.")],
    *,
    role: Annotated[
        str,
        typer.Option(
            help="programme_director, kam, executive, pc_director, team_member or viewer."
        ),
    ],
    unit: Annotated[
        str | None, typer.Option(help="Business unit code, for a role limited to one unit.")
    ] = None,
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    first_name: Annotated[str, typer.Option(help="First name.")] = "",
    last_name: Annotated[str, typer.Option(help="Last name.")] = "",
    password: Annotated[
        str | None, typer.Option(help="Password; asked for (hidden) when omitted.")
    ] = None,
    staff: Annotated[bool, typer.Option("--staff", help="May use the admin site.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new user as JSON.")] = False,
) -> None:
    """Create a login with a role in the programme, over everything or over one unit."""
    setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.db import transaction

    from kamp.organisation.models import BusinessUnit, Membership
    from kamp.organisation.services import membership_create
    from kamp.users.models import User
    from kamp.users.services import user_create

    with user_errors():
        if role not in Membership.Role.values:
            raise Failure(f"Unknown role {role!r}; use one of {', '.join(Membership.Role.values)}.")
        business_unit = None
        if unit is not None:
            business_unit = BusinessUnit.objects.filter(code=unit).first()
            if business_unit is None:
                known = ", ".join(BusinessUnit.objects.values_list("code", flat=True)) or "none"
                raise Failure(f"No business unit with code {unit!r} (known: {known}).")
        if User.objects.filter(username=username).exists():
            raise Failure(f"A user named {username!r} already exists.")
        if password is None:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
        validate_password(password, User(username=username, email=email))
        with transaction.atomic():
            user = user_create(
                actor=None,
                username=username,
                password=password,
                email=email,
                first_name=first_name,
                last_name=last_name,
                is_staff=staff,
            )
            membership_create(actor=None, user=user, role=role, business_unit=business_unit)
    label = Membership.Role(role).label
    if as_json:
        echo_json({"username": username, "role": role, "unit": unit, "staff": staff})
    else:
        out.print(f"Created {escape(username)}: {label}, {escape(unit or 'all units')}.")


def get_user(username: str) -> User:
    """The user with this login name, or a clear failure."""
    from kamp.users.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise Failure(f"No user named {username!r}.")
    return user


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="Whose token: it acts with their permissions.")],
    *,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "kamp command line",
    as_json: Annotated[bool, typer.Option("--json", help="Print the token as JSON.")] = False,
) -> None:
    """Create an API token and print it. It is shown only this once."""
    setup_django()
    from kamp.users import services

    with user_errors():
        user = get_user(username)
        token, raw = services.token_create(actor=user, user=user, name=name)
    if as_json:
        echo_json({"token": raw, "prefix": token.prefix, "name": token.name, "user": username})
        return
    err.print(f"API token {escape(token.name)!r} for {escape(username)}; it is shown only once:")
    typer.echo(raw)


@token_app.command("list")
def token_list(
    username: Annotated[str, typer.Argument(help="Whose tokens.")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the tokens as JSON.")] = False,
) -> None:
    """List a user's active API tokens (their prefixes; the tokens themselves are not kept)."""
    setup_django()
    from kamp.users.models import ApiToken

    with user_errors():
        tokens = list(ApiToken.objects.active().filter(user=get_user(username)))
    rows = [
        {"prefix": t.prefix, "name": t.name, "created": t.created_at, "last_used": t.last_used_at}
        for t in tokens
    ]
    if as_json:
        echo_json(rows)
        return
    table = Table(title=f"Active API tokens of {escape(username)}")
    for column in ("prefix", "name", "created", "last used"):
        table.add_column(column)
    for t in tokens:
        last_used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        table.add_row(t.prefix, escape(t.name), f"{t.created_at:%Y-%m-%d %H:%M}", last_used)
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    prefix: Annotated[str, typer.Argument(help="The token, or its prefix from `kamp token list`.")],
) -> None:
    """Revoke one of a user's API tokens; it stops working at once."""
    setup_django()
    from kamp.users import services
    from kamp.users.models import ApiToken, hash_token

    with user_errors():
        user = get_user(username)
        tokens = ApiToken.objects.active().filter(user=user)
        matches = list(tokens.filter(key_hash=hash_token(prefix)) or tokens.filter(prefix=prefix))
        if len(matches) != 1:
            found = "No active token" if not matches else "More than one active token"
            raise Failure(f"{found} of {username!r} matches {prefix!r}.")
        services.token_revoke(actor=user, token=matches[0])
    out.print(f"Revoked {escape(matches[0].name)!r} ({escape(matches[0].prefix)}…).")


# -- Data --------------------------------------------------------------------------------------


@app.command("generate-demo-data")
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
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
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


# -- Imports and exports -----------------------------------------------------------------------


@app.command("import")
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
    from kamp.imports.mapping import MappingError, parse_mapping_toml
    from kamp.imports.models import ImportRun
    from kamp.imports.services import import_run_create
    from kamp.imports.validate import Options

    with user_errors():
        if kind not in ImportRun.Kind.values:
            raise Failure(f"Unknown kind {kind!r}; use one of {', '.join(ImportRun.Kind.values)}.")
        try:
            spec = parse_mapping_toml(mapping.read_text("utf-8"), kind=kind) if mapping else None
        except MappingError as error:
            raise Failure(str(error)) from None
        run = import_run_create(
            actor=get_user(as_user) if as_user else None,
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
    if run.status in {ImportRun.Status.REJECTED, ImportRun.Status.FAILED} or run.error_count:
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


@app.command("import-history")
def import_history(
    *,
    limit: Annotated[int, typer.Option(help="How many imports to list.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the latest imports: when, who, which file, what happened."""
    setup_django()
    from kamp.imports.models import ImportRun

    with user_errors():
        runs = list(ImportRun.objects.exclude(status="draft").select_related("created_by")[:limit])
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


@app.command("import-undo")
def import_undo(
    import_id: Annotated[str, typer.Argument(help="The import's id, or its first characters.")],
    *,
    as_user: Annotated[
        str | None, typer.Option("--as", help="Record the undo as this user's.")
    ] = None,
) -> None:
    """Undo a whole import: remove its sales, or restore what it changed and remove what it made."""
    setup_django()
    from kamp.imports.models import ImportRun
    from kamp.imports.services import import_run_undo

    with user_errors():
        matches = [
            r for r in ImportRun.objects.all() if str(r.public_id).startswith(import_id.lower())
        ]
        if len(matches) != 1:
            raise Failure(
                f"{'No' if not matches else 'More than one'} import matches {import_id!r}."
            )
        run = import_run_undo(actor=get_user(as_user) if as_user else None, run=matches[0])
    out.print(f"Undone: {escape(str(run))}.")


@app.command("export")
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

    with user_errors():
        if kind not in EXPORTS:
            raise Failure(f"Unknown export {kind!r}; use customers or sales.")
        suffix = file.suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise Failure("Name the file .csv or .xlsx.")
        frame = EXPORTS[kind](actor=None)
        file.write_bytes(to_csv(frame) if suffix == ".csv" else to_xlsx(frame, title=kind))
    err.print(f"Wrote {frame.height:,} rows to {escape(str(file))}.")


@app.command()
def worker() -> None:
    """Run background work (imports of large uploads) until interrupted; `kamp serve` starts one."""
    setup_django()
    from django.core.management import call_command

    with user_errors():
        call_command("db_worker", reload=False, interval=1)


# -- Selection ---------------------------------------------------------------------------------

scoring_model_app = typer.Typer(
    help="Import and export scoring models (TOML).", no_args_is_help=True
)
app.add_typer(scoring_model_app, name="scoring-model")


@app.command()
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
    potential: Annotated[
        str, typer.Option(help="Value = attractiveness x potential, revenue_12m or margin_12m.")
    ] = "potential",
    as_of: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day of the data.")
    ] = None,
    top: Annotated[int, typer.Option(help="Rows in the table (not in --json).")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Score every customer group and propose the key accounts within the KAMs' capacity.

    Nothing is saved: save runs in the web pages or the API. --json prints one object
    {"accounts": [...], "coverage": {...}}, accounts ranked by value.
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
        parameters["potential"] = potential
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
    table = Table(title=f"{spec.name}: accounts ranked by value (data to {outcome.as_of})")
    for column in ("#", "account", "name", "attract.", "strength", "quadrant", "tier", "selected"):
        table.add_column(column)
    for rank, row in enumerate(result["accounts"][:top], start=1):
        table.add_row(
            str(rank),
            row["account"],
            escape(row["name"]),
            f"{row['attractiveness']:.2f}",
            f"{row['strength']:.2f}",
            escape(row["quadrant"]),
            row["tier"],
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
    from kamp.selection.models import ScoringModel
    from kamp.selection.presets import PRESETS, preset_text

    with user_errors():
        models = ScoringModel.objects.filter(name=name).order_by("-version")
        stored = models.filter(version=version).first() if version else models.first()
        if stored is None and name not in PRESETS:
            known = ", ".join(sorted({*ScoringModel.objects.values_list("name", flat=True)}))
            raise Failure(f"No scoring model named {name!r} (saved: {known or 'none'}).")
        text = stored.toml() if stored is not None else preset_text(name)
        if out_file is not None:
            out_file.write_text(text, encoding="utf-8")
    if out_file is None:
        typer.echo(text, nl=False)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `kamp manage check --deploy`."""
    setup_django()
    from django.core.management import execute_from_command_line

    # Django exits with the command's own status on failure; success falls through as 0.
    execute_from_command_line(["kamp manage", *ctx.args])


DocumentFormat = Annotated[str, typer.Option("--format", "-f", help="File format.")]
DocumentOutput = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]
DocumentReader = Annotated[
    str, typer.Option("--as", help="Show what this user may see (login name).")
]
DocumentLanguage = Annotated[
    str | None, typer.Option("--language", "-l", help="en, es or fr (default: the site's).")
]


def write_document(
    kind: str, fmt: str, output: Path, reader: str, language: str | None, account: str | None
) -> None:
    """Render a document for ``reader`` and say where it went."""
    setup_django()
    from django.http import Http404

    from kamp.documents.commands import write_document as write

    with user_errors():
        try:
            file = write(
                kind,
                fmt,
                reader=get_user(reader),
                output=output,
                language=language,
                account=account,
            )
        except Http404:
            raise Failure(f"{reader} may not see the programme's documents.") from None
    out.print(f"Wrote {escape(str(output))} ({len(file.content):,} bytes).")


@app.command()
def brief(
    account: Annotated[str, typer.Argument(help="Key account: customer id or group name.")],
    reader: DocumentReader,
    fmt: DocumentFormat = "pdf",
    output: DocumentOutput = Path("brief.pdf"),
    language: DocumentLanguage = None,
) -> None:
    """Write a key account's Customer Executive Brief (pdf, pptx or docx)."""
    write_document("brief", fmt, output, reader, language, account)


@app.command()
def summary(
    reader: DocumentReader,
    fmt: DocumentFormat = "pdf",
    output: DocumentOutput = Path("summary.pdf"),
    language: DocumentLanguage = None,
) -> None:
    """Write the programme executive summary (pdf or pptx)."""
    write_document("summary", fmt, output, reader, language, None)


@app.command("sponsorship-plan")
def sponsorship_plan(
    reader: DocumentReader,
    fmt: DocumentFormat = "pdf",
    output: DocumentOutput = Path("sponsorship-plan.pdf"),
    language: DocumentLanguage = None,
) -> None:
    """Write the executive sponsorship plan (pdf, pptx or xlsx)."""
    write_document("sponsorship-plan", fmt, output, reader, language, None)


def main() -> None:
    """Entry point of the ``kamp`` script."""
    app()


if __name__ == "__main__":
    main()
