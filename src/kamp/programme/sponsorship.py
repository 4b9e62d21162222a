"""Executive sponsorship (method §3.6): cadence, last and next engagement, overdue, workload.

Pure computation over plain rows; :mod:`kamp.programme.selectors` feeds it from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SponsorshipRow:
    """One key account in the sponsorship plan."""

    account_id: str
    account: str
    tier: str
    tier_label: str
    kam: str
    sponsor: str
    counterpart: str
    cadence_days: int
    last_engagement: dt.date | None
    next_engagement: dt.date | None
    overdue: bool


def next_due(last: dt.date | None, cadence_days: int, since: dt.date) -> dt.date:
    """When the next engagement is due: a cadence after the last one, or after ``since``."""
    return (last or since) + dt.timedelta(days=cadence_days)


@dataclass(frozen=True)
class SponsorLoad:
    """How much sponsoring one executive carries."""

    sponsor: str
    accounts: int
    engagements_per_year: float
    overdue: int
    overloaded: bool


def workload(rows: list[SponsorshipRow], executives: list[str]) -> list[SponsorLoad]:
    """Each executive's accounts and engagements a year; overloaded above 1.5x the average.

    Executives without an account are listed with zero, so the plan shows who could take more.
    """
    accounts: dict[str, list[SponsorshipRow]] = {name: [] for name in executives}
    for row in rows:
        if row.sponsor:
            accounts.setdefault(row.sponsor, []).append(row)
    per_year = {name: sum(365 / r.cadence_days for r in mine) for name, mine in accounts.items()}
    average = sum(per_year.values()) / len(per_year) if per_year else 0.0
    loads = [
        SponsorLoad(
            sponsor=name,
            accounts=len(mine),
            engagements_per_year=round(per_year[name], 1),
            overdue=sum(r.overdue for r in mine),
            overloaded=average > 0 and per_year[name] > 1.5 * average,
        )
        for name, mine in accounts.items()
    ]
    return sorted(loads, key=lambda load: (-load.engagements_per_year, load.sponsor))


def coverage(rows: list[SponsorshipRow]) -> float:
    """Sponsor coverage: the share of key accounts with a named sponsor (0 when none)."""
    return sum(bool(r.sponsor) for r in rows) / len(rows) if rows else 0.0


def suggest_sponsors(rows: list[SponsorshipRow], loads: list[SponsorLoad]) -> dict[str, str]:
    """A sponsor for each account without one: the least-loaded executive who is not its KAM.

    Each suggestion adds the account's engagements to that executive's load, so suggestions
    spread over the executive committee. Returns ``{account_id: executive}``.
    """
    load = {x.sponsor: x.engagements_per_year for x in loads}
    suggested: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r.cadence_days):  # the most demanding accounts first
        candidates = [name for name in load if name != row.kam]
        if row.sponsor or not candidates:
            continue
        choice = min(candidates, key=lambda name: (load[name], name))
        suggested[row.account_id] = choice
        load[choice] += 365 / row.cadence_days
    return suggested
