"""Facts kamp already knows about the programme, shown beside the questionnaire's questions.

Read-only queries of the accounts and programme apps, through their querysets' ``visible_to``
and the programme's selectors:

* **account business planning**: the share of current key accounts whose plan for this year has
  been reviewed. The accounts app has no plan-approval workflow yet, so a plan with a recorded
  review date (``AccountPlan.last_review_on``) counts as approved;
* **organisational integration**: the share of sponsored key accounts whose sponsor is on
  cadence (no engagement overdue, :func:`kamp.programme.selectors.sponsorship_rows`);
* **support capabilities**: the share of the resources asked of profit centres that they
  committed.

Casting decisions (account team profile and skills) are not shown: the casting app is being
built at the same time and offers nothing to read yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils.translation import gettext as _

from kamp.accounts.models import AccountPlan, KeyAccount, ResourceRequest
from kamp.change.maturity import Dimension
from kamp.programme.selectors import sponsorship_rows

if TYPE_CHECKING:
    import datetime as dt

    from kamp.users.models import User


@dataclass(frozen=True)
class Fact:
    """A measured fact for one dimension: ``part`` out of ``whole`` (a share when whole > 0)."""

    dimension: str
    label: str
    part: Decimal
    whole: Decimal

    @property
    def share(self) -> float | None:
        """The share from 0 to 1, or ``None`` when there is nothing to measure."""
        return round(float(self.part / self.whole), 3) if self.whole else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(100 * share)


def approved_plans(actor: User, today: dt.date) -> Fact:
    """Current key accounts with a reviewed plan for this year, out of all current ones."""
    accounts = KeyAccount.objects.visible_to(actor).current()
    reviewed = AccountPlan.objects.filter(
        key_account__in=accounts, year=today.year, last_review_on__isnull=False
    )
    return Fact(
        Dimension.PLANNING,
        _("Key accounts with an approved plan for this year"),
        Decimal(reviewed.values("key_account").distinct().count()),
        Decimal(accounts.count()),
    )


def sponsors_on_cadence(actor: User, today: dt.date) -> Fact:
    """Sponsored key accounts whose sponsor is on cadence, out of all sponsored ones."""
    rows = [row for row in sponsorship_rows(actor=actor, today=today) if row.sponsor]
    return Fact(
        Dimension.INTEGRATION,
        _("Sponsors on cadence with their key accounts"),
        Decimal(sum(not row.overdue for row in rows)),
        Decimal(len(rows)),
    )


def resources_committed(actor: User) -> Fact:
    """The amount profit centres committed, out of the amount key accounts asked of them."""
    totals = ResourceRequest.objects.visible_to(actor).aggregate(
        asked=Sum("amount"), committed=Sum("committed_amount")
    )
    return Fact(
        Dimension.SUPPORT,
        _("Resources asked of profit centres that they committed"),
        totals["committed"] or Decimal(0),
        totals["asked"] or Decimal(0),
    )


def programme_facts(*, actor: User, today: dt.date) -> dict[str, Fact]:
    """The facts by dimension, read with the actor's permissions."""
    facts = [approved_plans(actor, today), sponsors_on_cadence(actor, today)]
    facts.append(resources_committed(actor))
    return {fact.dimension: fact for fact in facts}
