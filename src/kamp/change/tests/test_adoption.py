"""Adoption signals and the facts shown beside the questionnaire."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from kamp.accounts.services import plan_create
from kamp.change import selectors
from kamp.change.adoption import adoption_signals, months_back
from kamp.change.charts import adoption_trend
from kamp.change.facts import programme_facts
from kamp.programme.services import engagement_log
from kamp.programme.tests.test_sponsorship import sponsored

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_months_back_counts_whole_months() -> None:
    assert months_back(dt.date(2026, 3, 15), 3) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
    ]


def test_the_trend_counts_plans_engagements_and_logins(cast: Cast) -> None:
    today = timezone.localdate()
    account = sponsored(cast, "Acme", "gold")
    plan_create(actor=None, key_account=account, year=today.year, check=False)
    engagement_log(actor=cast.director, key_account=account, kind="meeting", held_on=today)
    cast.kam.last_login = timezone.now()
    cast.kam.save(update_fields=["last_login"])
    adoption = adoption_signals(actor=cast.director, today=today, months=2)
    this_month = {
        r["signal"]: r["count"]
        for r in adoption.rows
        if r["month"] == today.replace(day=1).isoformat()
    }
    assert this_month["Plans updated"] == 1
    assert this_month["Sponsors' engagements logged"] == 1
    assert this_month["Logins: Key account manager"] == 1
    assert (adoption.accounts, adoption.plans_recent) == (1, 1)
    assert adoption.logins_recent == {"Key account manager": 1}
    spec = adoption_trend(adoption.rows)
    assert spec["mark"]["type"] == "line" and spec["data"]["values"] == adoption.rows


def test_facts_read_the_accounts_and_the_sponsorship(cast: Cast) -> None:
    today = timezone.localdate()
    account = sponsored(cast, "Acme", "gold")
    sponsored(cast, "Beta", "silver")
    plan = plan_create(actor=None, key_account=account, year=today.year, check=False)
    type(plan).objects.filter(pk=plan.pk).update(last_review_on=today)
    engagement_log(actor=cast.director, key_account=account, kind="meeting", held_on=today)
    facts = programme_facts(actor=cast.director, today=today)
    assert facts["planning"].share == 0.5
    assert facts["integration"].part == 1 and facts["integration"].whole == 2
    assert facts["support"].share is None and facts["support"].percent is None


def test_the_summary_is_empty_for_people_who_may_not_read_it(cast: Cast) -> None:
    assert selectors.programme_change_summary(cast.kam) == {
        "index": None,
        "phase": None,
        "phase_label": None,
        "assessed_on": None,
        "pulse": None,
    }
