"""Executive sponsorship: cadence per tier, engagement log, overdue flags, workload, scope."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kamp.accounts.models import KeyAccount
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import ContactFactory, CustomerFactory
from kamp.programme import selectors, services
from kamp.programme.sponsorship import (
    SponsorshipRow,
    coverage,
    next_due,
    suggest_sponsors,
    workload,
)

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


def sponsored(cast: Cast, name: str, tier: str, *, unit: str = "unit") -> KeyAccount:
    """A key account nominated on 1 January with the cast's executive as sponsor.

    The accounts app owns the sponsor field and offers no service to set it yet, so tests set it
    directly.
    """
    customer = CustomerFactory.create(name=name, business_unit=getattr(cast, unit))
    account = key_account_nominate(actor=None, customer=customer, tier=tier)
    KeyAccount.objects.filter(pk=account.pk).update(
        sponsor=cast.executive, nominated_on=dt.date(2026, 1, 1)
    )
    account.refresh_from_db()
    return account


def row(sponsor: str, cadence: int, overdue: bool = False) -> SponsorshipRow:
    return SponsorshipRow("x", "X", "gold", "Gold", "", sponsor, "", cadence, None, None, overdue)


def test_next_engagement_follows_the_cadence() -> None:
    assert next_due(None, 91, dt.date(2026, 1, 1)) == dt.date(2026, 4, 2)
    assert next_due(dt.date(2026, 5, 1), 182, dt.date(2026, 1, 1)) == dt.date(2026, 10, 30)


def test_workload_counts_engagements_a_year_and_flags_the_overloaded() -> None:
    rows = [row("Eve", 91, overdue=True), row("Eve", 91), row("Eve", 91), row("Bob", 365)]
    loads = workload(rows, ["Bob", "Eve", "Zoe"])
    assert [(x.sponsor, x.accounts, x.overdue, x.overloaded) for x in loads] == [
        ("Eve", 3, 1, True),
        ("Bob", 1, 0, False),
        ("Zoe", 0, 0, False),
    ]
    assert coverage([*rows, row("", 365)]) == 0.8


def test_the_plan_flags_overdue_engagements_by_tier(cast: Cast) -> None:
    gold = sponsored(cast, "Acme", "gold")
    sponsored(cast, "Bravo", "bronze")
    services.engagement_log(
        actor=cast.executive, key_account=gold, kind="meeting", held_on=dt.date(2026, 2, 1)
    )
    rows = {r.account: r for r in selectors.sponsorship_rows(actor=cast.director, today=TODAY)}
    assert (rows["Acme"].cadence_days, rows["Acme"].next_engagement) == (91, dt.date(2026, 5, 3))
    assert rows["Acme"].overdue and not rows["Bravo"].overdue
    assert rows["Bravo"].cadence_days == 365


def test_the_director_sets_the_counterpart_and_cadence(cast: Cast) -> None:
    account = sponsored(cast, "Acme", "gold")
    contact = ContactFactory.create(customer=account.customer, name="Cleo CEO", title="CEO")
    services.sponsorship_update(
        actor=cast.director, key_account=account, counterpart=contact, cadence_days=30
    )
    [found] = selectors.sponsorship_rows(actor=cast.viewer, today=TODAY)
    assert (found.counterpart, found.cadence_days) == ("Cleo CEO, CEO", 30)
    stranger = ContactFactory.create()
    with pytest.raises(ValidationError):
        services.sponsorship_update(actor=cast.director, key_account=account, counterpart=stranger)
    with pytest.raises(PermissionDenied):
        services.sponsorship_update(actor=cast.executive, key_account=account, cadence_days=10)


def test_only_the_sponsor_or_director_logs_engagements(cast: Cast) -> None:
    account = sponsored(cast, "Acme", "gold")
    for persona in ["kam", "viewer"]:
        with pytest.raises(PermissionDenied):
            services.engagement_log(
                actor=getattr(cast, persona), key_account=account, kind="call", held_on=TODAY
            )
    logged = services.engagement_log(
        actor=cast.director, key_account=account, kind="escalation", held_on=TODAY
    )
    assert logged.sponsor == cast.executive


def test_the_plan_shows_only_accounts_the_user_may_see(client: Client, cast: Cast) -> None:
    ours = sponsored(cast, "Acme Ours", "gold")
    theirs = sponsored(cast, "Beta Theirs", "silver", unit="other_unit")
    client.force_login(cast.pcdirector)
    body = client.get(reverse("programme:sponsorship")).content.decode()
    assert "Acme Ours" in body and "Beta Theirs" not in body
    detail = reverse("programme:sponsorship-detail", args=[theirs.public_id])
    assert client.get(detail).status_code == 404
    mine = reverse("programme:sponsorship-detail", args=[ours.public_id])
    assert client.get(mine).status_code == 200
    assert (
        client.post(mine, {"form": "log", "kind": "call", "held_on": "2026-06-01"}).status_code
        == 403
    )
    client.force_login(cast.outsider)
    assert client.get(reverse("programme:sponsorship")).status_code == 404


def test_the_sponsor_logs_an_engagement_from_the_page(client: Client, cast: Cast) -> None:
    account = sponsored(cast, "Acme", "gold")
    client.force_login(cast.executive)
    url = reverse("programme:sponsorship-detail", args=[account.public_id])
    body = {"form": "log", "kind": "meeting", "held_on": "2026-06-01", "summary": "Met the CEO"}
    assert client.post(url, body).status_code == 302
    assert "Met the CEO" in client.get(url).content.decode()
    assert client.post(url, {"form": "details", "cadence_days": "5"}).status_code == 403


def test_the_plan_page_costs_constant_queries(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    url = reverse("programme:sponsorship")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    sponsored(cast, "A0", "gold")
    before = count()
    for n in range(1, 4):
        account = sponsored(cast, f"A{n}", "silver")
        services.engagement_log(
            actor=cast.director, key_account=account, kind="call", held_on=TODAY
        )
    assert count() == before


def test_suggestions_spread_unsponsored_accounts_over_the_least_loaded() -> None:
    rows = [row("", 91), row("", 365), row("Eve", 91)]
    rows = [
        SponsorshipRow(
            f"a{i}",
            f"A{i}",
            "gold",
            "Gold",
            "Kim",
            r.sponsor,
            "",
            r.cadence_days,
            None,
            None,
            False,
        )
        for i, r in enumerate(rows)
    ]
    loads = workload(rows, ["Bob", "Eve", "Kim"])
    # Bob and Kim carry nothing, but Kim is the accounts' KAM: Bob takes the Gold account first;
    # then Eve (4.0 engagements a year) is lighter than Bob (4.01) and gets the yearly one.
    assert suggest_sponsors(rows, loads) == {"a0": "Bob", "a1": "Eve"}
