"""Initiative pages: the KAM drafts and submits, the sponsor decides, owners move actions (htmx)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from kamp.accounts import services
from kamp.accounts.models import InitiativeAction, KeyAccount, StrategicInitiative
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import CustomerFactory

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(cast: Cast) -> KeyAccount:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam, sponsor=cast.executive)
    account.refresh_from_db()
    return account


def test_the_kam_drafts_edits_and_submits(client: Client, cast: Cast, account: KeyAccount) -> None:
    client.force_login(cast.kam)
    url = reverse("accounts:initiative-create", args=[account.public_id])
    r = client.post(url, {"title": "Shared forecasting", "objective": "Cut stock-outs"})
    ini = StrategicInitiative.objects.get()
    assert r.status_code == 302 and r["Location"] == ini.get_absolute_url()
    r = client.post(ini.get_absolute_url(), {"title": "Shared S&OP", "version": 1})
    assert r.status_code == 302
    stale = client.post(ini.get_absolute_url(), {"title": "Old", "version": 1})
    assert stale.status_code == 422 and "Someone else changed" in stale.content.decode()
    transition = reverse("accounts:initiative-transition", args=[ini.public_id])
    assert client.post(transition, {"to_status": "submitted"}).status_code == 302
    ini.refresh_from_db()
    assert (ini.title, ini.status) == ("Shared S&OP", "submitted")
    body = client.get(account.get_absolute_url()).content.decode()
    assert "Shared S&amp;OP" in body


def test_the_sponsor_decides_and_must_say_why(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    ini = services.initiative_create(actor=cast.kam, key_account=account, title="Lab")
    services.initiative_transition(actor=cast.kam, initiative=ini, to_status="submitted")
    transition = reverse("accounts:initiative-transition", args=[ini.public_id])
    client.force_login(cast.kam)
    assert client.post(transition, {"to_status": "validated"}).status_code == 403
    client.force_login(cast.executive)
    assert "Record the decision" in client.get(ini.get_absolute_url()).content.decode()
    r = client.post(transition, {"to_status": "rejected"})
    assert r.status_code == 422 and "Say why" in r.content.decode()
    assert client.post(transition, {"to_status": "validated", "comment": "Yes"}).status_code == 302
    ini.refresh_from_db()
    assert ini.status == "validated"
    assert client.get(transition).status_code == 405


def test_pages_hide_from_outsiders_and_refuse_viewers(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    ini = services.initiative_create(actor=cast.kam, key_account=account, title="Lab")
    create = reverse("accounts:initiative-create", args=[account.public_id])
    client.force_login(cast.outsider)
    assert client.get(ini.get_absolute_url()).status_code == 404
    assert client.get(create).status_code == 404
    client.force_login(cast.viewer)
    assert client.get(ini.get_absolute_url()).status_code == 200
    assert client.get(create).status_code == 403
    assert client.post(ini.get_absolute_url(), {"title": "x", "version": 1}).status_code == 403
    add = reverse("accounts:action-add", args=[ini.public_id])
    assert client.post(add, {"title": "x"}).status_code == 403


def test_owners_move_their_actions_with_htmx_and_overdue_shows(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    ini = services.initiative_create(actor=cast.kam, key_account=account, title="Lab")
    client.force_login(cast.kam)
    add = reverse("accounts:action-add", args=[ini.public_id])
    data = {"title": "Workshop", "owner": cast.member.pk, "due_on": "2020-02-01"}
    r = client.post(add, data, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Overdue" in r.content.decode()
    overdue = client.get(reverse("accounts:overdue-actions")).content.decode()
    assert "Workshop" in overdue
    action = InitiativeAction.objects.get()
    client.force_login(cast.member)
    status = reverse("accounts:action-status", args=[action.public_id])
    r = client.post(status, {"status": "done", "version": 1}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    action.refresh_from_db()
    assert action.status == "done"
    client.force_login(cast.viewer)
    assert client.post(status, {"status": "open", "version": 2}).status_code == 403


def test_milestones_and_comments_on_the_page(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    ini = services.initiative_create(actor=cast.kam, key_account=account, title="Lab")
    client.force_login(cast.kam)
    url = reverse("accounts:milestone-add", args=[ini.public_id])
    assert client.post(url, {"title": "Pilot", "due_on": "2027-01-01"}).status_code == 302
    milestone = ini.milestones.get()
    toggle = reverse("accounts:milestone-toggle", args=[ini.public_id, milestone.public_id])
    assert client.post(toggle).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    comment = reverse("accounts:initiative-comment", args=[ini.public_id])
    assert client.post(comment, {"comment": "Kick-off done"}).status_code == 302
    assert "Kick-off done" in client.get(ini.get_absolute_url()).content.decode()


def test_overdue_page_costs_constant_queries(
    client: Client,
    cast: Cast,
    account: KeyAccount,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    ini = services.initiative_create(actor=cast.kam, key_account=account, title="Lab")
    client.force_login(cast.director)
    url = reverse("accounts:overdue-actions")

    def add(n: int) -> None:
        for i in range(n):
            services.action_add(
                actor=cast.kam,
                initiative=ini,
                title=f"A{i}",
                owner=cast.member,
                due_on=dt.date(2020, 1, 1),
            )

    add(2)
    with django_assert_num_queries(5):
        client.get(url)
    add(5)
    with django_assert_num_queries(5):
        assert "<td>A4</td>" in client.get(url).content.decode()


def test_sponsors_and_the_committee_see_what_waits_for_them(
    client: Client,
    cast: Cast,
    account: KeyAccount,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    url = reverse("accounts:initiatives-to-decide")

    def submit(n: int) -> None:
        for i in range(n):
            ini = services.initiative_create(actor=cast.kam, key_account=account, title=f"Ini {i}")
            services.initiative_transition(actor=cast.kam, initiative=ini, to_status="submitted")

    services.initiative_create(actor=cast.kam, key_account=account, title="Still a draft")
    submit(1)
    client.force_login(cast.executive)
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    assert "Ini 0" in body and "Still a draft" not in body
    submit(3)
    with django_assert_num_queries(6):
        client.get(url)
    client.force_login(cast.kam)
    assert "Ini 0" not in client.get(url).content.decode()
