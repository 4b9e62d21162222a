"""Background work of the imports: a queued run, executed by the task worker.

The task takes the run's key only (ids and JSON, never objects) and calls the service; the run
row carries status, progress and the report, which the page and the API poll.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.tasks import task

from kamp.imports.services import import_run_execute

if TYPE_CHECKING:
    from kamp.imports.models import ImportRun


@task()
def run_import(run_id: int) -> str:
    """Execute the queued import ``run_id``; return its final status."""
    return import_run_execute(run_id=run_id).status


def start_import(run: ImportRun) -> None:
    """Run a queued import now if its file is small, else hand it to the background worker."""
    if run.file_size <= settings.KAMP_IMPORT_INLINE_BYTES:
        import_run_execute(run_id=run.pk)
        run.refresh_from_db()
    else:
        run_import.enqueue(run.pk)
