"""Background work of the imports: a queued run, executed by the task worker.

The task takes the run's key only (ids and JSON, never objects) and calls the service; the run
row carries status, progress and the report, which the page and the API poll.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.tasks import task

from kamp.imports.limits import unpacked_size
from kamp.imports.services import import_run_execute, import_runs_recover_stale

if TYPE_CHECKING:
    from kamp.imports.models import ImportRun


@task()
def run_import(run_id: int) -> str:
    """Execute the queued import ``run_id``; return its final status.

    Runs an earlier worker left "running" when it died are marked failed first."""
    import_runs_recover_stale()
    return import_run_execute(run_id=run_id).status


def start_import(run: ImportRun) -> None:
    """Run a queued import now if its file is small, else hand it to the background worker.

    Small means small once unpacked too: a workbook of a few kilobytes can unpack to hundreds
    of megabytes, which is the worker's to read, not the web server's."""
    path = run.path
    size = max(run.file_size, unpacked_size(path) if path is not None else 0)
    if size <= settings.KAMP_IMPORT_INLINE_BYTES:
        import_run_execute(run_id=run.pk)
        run.refresh_from_db()
    else:
        run_import.enqueue(run.pk)
