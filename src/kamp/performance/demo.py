"""The demo's performance data: targets, opportunities and a year of monthly KPI snapshots.

Runs after the accounts demo (it needs key accounts and sales). Idempotent: targets and
opportunities are upserted by their keys, snapshots replaced month by month. Accounts are made
visibly different: targets set so that some are ahead and some behind, and one account is left
stalled in its relationship stage (its stage last changed over a year ago).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kamp.accounts.models import KeyAccount
from kamp.accounts.services.common import local_today
from kamp.performance import selectors, services

#: Revenue target as a share of the last 12 months' revenue: ahead (<1) and behind (>1).
TARGET_FACTORS = (Decimal("0.9"), Decimal("1.25"), Decimal("1.05"), Decimal("1.4"))
PROBABILITIES = (Decimal("0.2"), Decimal("0.5"), Decimal("0.8"))


def demo_performance_ensure() -> int:
    """Targets, opportunities and 12 snapshots for the demo's key accounts; returns how many
    key accounts got them (0 when there are none yet)."""
    today = local_today()
    figures = selectors.kpi_figures(actor=None, as_of=today)
    for n, row in enumerate(figures.accounts):
        ka = row.key_account
        revenue = row.revenue.revenue
        factor = TARGET_FACTORS[n % len(TARGET_FACTORS)]
        services.account_target_set(
            actor=None,
            key_account=ka,
            year=today.year,
            revenue=(revenue * factor).quantize(Decimal("0.01")),
            margin=(row.revenue.margin * factor).quantize(Decimal("0.01")),
            stage=ka.target_stage,
            stage_by=dt.date(today.year + 1, 6, 30),
        )
        for k in range(3):
            services.opportunity_upsert(
                actor=None,
                opportunity_id=f"DEMO-{ka.customer.source_id}-{k + 1}",
                customer=ka.customer,
                name=f"{ka.customer.name} #{k + 1}",
                amount=(revenue * Decimal("0.05") * (k + 1)).quantize(Decimal("0.01")),
                probability=PROBABILITIES[k],
                expected_close=today + dt.timedelta(days=60 * (k + 1)),
            )
    if figures.accounts:
        _stall(figures.accounts[-1].key_account, today)
        for months_back in range(12, 0, -1):
            services.kpi_snapshot_take(
                actor=None, month=selectors.add_months(today.replace(day=1), -months_back)
            )
    return len(figures.accounts)


def _stall(account: KeyAccount, today: dt.date) -> None:
    """Leave ``account`` in its stage for 14 months: the stalled one on the KPI page."""
    KeyAccount.objects.filter(pk=account.pk).update(stage_changed_on=today - dt.timedelta(days=425))
