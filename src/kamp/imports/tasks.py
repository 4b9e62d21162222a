"""Background work of the imports: a queued run, executed by the task worker.

The task takes the run's key only (ids and JSON, never objects) and calls the service; the run
row carries status, progress and the report, which the page and the API poll.
"""

from __future__ import annotations

from django.tasks import task

from kamp.imports.services import import_run_execute


@task()
def run_import(run_id: int) -> str:
    """Execute the queued import ``run_id``; return its final status."""
    return import_run_execute(run_id=run_id).status
