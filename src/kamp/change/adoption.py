"""Adoption signals: is the programme used? Plans updated, logins per role, sponsors' engagements.

A few grouped queries for the monthly trend, whatever the number of rows; the chart is built by
:func:`kamp.change.charts.adoption_trend`. Logins are counted from the audit trail when the
login flow records ``user.login`` events; otherwise from ``User.last_login``, which only keeps
each person's latest login (so past months under-count people who came back since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.models import KeyAccount, PlanRevision
from kamp.core.models import AuditEvent
from kamp.organisation.models import Membership
from kamp.programme.models import Engagement
from kamp.users.models import User

#: The audit action of a login, if the login flow records one.
LOGIN_ACTION = "user.login"
#: "Recently": plans updated and logins within this many days.
RECENT_DAYS = 90


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the ``count`` months up to and including ``today``'s, oldest first."""
    first = today.replace(day=1)
    months = []
    for _step in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


@dataclass(frozen=True)
class Adoption:
    """The monthly trend rows (month, signal, count) and today's headline figures."""

    rows: list[dict[str, Any]]
    accounts: int
    plans_recent: int
    logins_recent: dict[str, int]


def _logins(since: dt.datetime) -> list[tuple[str | None, dt.date | dt.datetime, int]]:
    """(role, month, logins) rows since ``since``."""
    rows: Any
    audited = AuditEvent.objects.filter(action=LOGIN_ACTION, created_at__gte=since)
    if audited.exists():
        rows = (
            audited.annotate(month=TruncMonth("created_at"))
            .values("actor__memberships__role", "month")
            .annotate(n=Count("id"))
            .values_list("actor__memberships__role", "month", "n")
        )
    else:
        rows = (
            User.objects.filter(is_active=True, last_login__gte=since)
            .annotate(month=TruncMonth("last_login"))
            .values("memberships__role", "month")
            .annotate(n=Count("id", distinct=True))
            .values_list("memberships__role", "month", "n")
        )
    return list(rows)


def adoption_signals(*, actor: User, today: dt.date, months: int = 12) -> Adoption:
    """The monthly trend of the three signals over ``months`` months, and today's figures."""
    calendar = months_back(today, months)
    start = calendar[0]
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    accounts = KeyAccount.objects.visible_to(actor).current()
    counts: dict[tuple[dt.date, str], int] = {}
    plans = (
        PlanRevision.objects.filter(plan__key_account__in=accounts, at__gte=since)
        .annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(n=Count("plan", distinct=True))
    )
    plans_label = _("Plans updated")
    for row in plans:
        counts[(_month(row["month"]), plans_label)] = row["n"]
    engagements = (
        Engagement.objects.filter(key_account__in=accounts, held_on__gte=start)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(n=Count("id"))
    )
    meetings_label = _("Sponsors' engagements logged")
    for row in engagements:
        counts[(_month(row["month"]), meetings_label)] = row["n"]
    roles = dict(Membership.Role.choices)
    for role, month, n in _logins(since):
        label = _("Logins: %(role)s") % {"role": roles.get(role or "", _("no role"))}
        key = (_month(month), str(label))
        counts[key] = counts.get(key, 0) + n
    series = sorted({signal for _month_key, signal in counts} | {plans_label, meetings_label})
    rows = [
        {"month": month.isoformat(), "signal": signal, "count": counts.get((month, signal), 0)}
        for month in calendar
        for signal in series
    ]
    recent = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    plans_recent = accounts.filter(plans__revisions__at__gte=recent).values("pk").distinct().count()
    logins_recent = dict(
        Membership.objects.filter(user__is_active=True, user__last_login__gte=recent)
        .values("role")
        .annotate(n=Count("user", distinct=True))
        .values_list("role", "n")
    )
    return Adoption(
        rows=rows,
        accounts=accounts.count(),
        plans_recent=plans_recent,
        logins_recent={str(roles[r]): n for r, n in sorted(logins_recent.items())},
    )
