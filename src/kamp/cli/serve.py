"""`kamp serve` (waitress, or Django's reloading server) and `kamp worker` (background work)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kamp.cli._common import err, out, setup_django, user_errors

if TYPE_CHECKING:
    from collections.abc import Iterator


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


def worker() -> None:
    """Run background work (imports of large uploads) until interrupted; `kamp serve` starts one."""
    setup_django()
    from django.core.management import call_command

    with user_errors():
        call_command("db_worker", reload=False, interval=1)


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
        from kamp.ops.server import waitress_options
        from kamp.wsgi import application

        options = waitress_options(
            host=host, port=port, threads=threads, trusted_proxies=settings.KAMP_TRUSTED_PROXIES
        )
        out.print(f"kamp is running at [bold]http://{host}:{port}[/] (Ctrl+C to stop).")
        waitress_serve(application, **options)


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
