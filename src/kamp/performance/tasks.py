"""Background work of the performance app: the monthly KPI snapshot (scheduled, or on demand)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from kamp.accounts.services.common import local_today
from kamp.performance.services import kpi_snapshot_take


@task()
def take_kpi_snapshot(month: str | None = None) -> int:
    """Take the snapshot of ``month`` (ISO date; default: this month); return the rows stored."""
    day = dt.date.fromisoformat(month) if month else local_today()
    return len(kpi_snapshot_take(actor=None, month=day))
