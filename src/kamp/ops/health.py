"""``/healthz``: can kamp reach its database, and is the background worker keeping up?

What can honestly be seen of the worker: django-tasks-db keeps no heartbeat, so an idle worker
and a stopped one look the same. A task that has waited longer than
``KAMP_HEALTH_TASK_MAX_WAIT`` seconds to start does show a worker that is down (or swamped);
that is what answers 503. The newest task activity is reported for information.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.models import Max, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult

if TYPE_CHECKING:
    from django.http import HttpRequest

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def database_status() -> dict[str, Any]:
    """``ok`` when a trivial query answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True}


def worker_status(now: Any = None) -> dict[str, Any]:
    """How long the oldest runnable task has waited, and when a task last started or finished."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_BACKEND:
        return {"ok": True, "checked": False}
    now = now or timezone.now()
    limit = timedelta(seconds=settings.KAMP_HEALTH_TASK_MAX_WAIT)
    waiting = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    activity = DBTaskResult.objects.aggregate(
        started=Max("started_at"), finished=Max("finished_at")
    )
    waited = (now - waiting).total_seconds() if waiting else 0.0
    return {
        "ok": waited <= limit.total_seconds(),
        "checked": True,
        "oldest_waiting_seconds": round(waited),
        "last_started_at": activity["started"],
        "last_finished_at": activity["finished"],
    }


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when everything answers, 503 otherwise; JSON either way, no login needed."""
    database = database_status()
    worker = worker_status() if database["ok"] else {"ok": False, "checked": False}
    healthy = database["ok"] and worker["ok"]
    body = {"status": "ok" if healthy else "error", "database": database, "worker": worker}
    return JsonResponse(body, status=200 if healthy else 503)
