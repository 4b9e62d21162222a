"""The initiative API: a KAM drafts and submits, the sponsor decides, owners move their actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kamp.accounts.models import KeyAccount
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import CustomerFactory
from tests.openapi import api_client_for

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


def test_kam_drafts_submits_and_sponsor_validates(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    kam = api_client_for(client, cast.kam)
    base = f"/api/v1/key-accounts/{account.public_id}/initiatives"
    r = kam.post(base, {"title": "Co-development", "expected_value": 250000, "owner": "member"})
    assert r.status_code == 201, r.content
    ini = r.json()
    path = f"/api/v1/initiatives/{ini['id']}"
    assert kam.patch(path, {"version": 1, "investment": 40000}).json()["version"] == 2
    assert kam.patch(path, {"version": 1, "investment": 1}).status_code == 422
    r = kam.post(
        f"{path}/actions", {"title": "Kick-off", "owner": "member", "due_on": "2020-01-01"}
    )
    assert r.status_code == 201 and r.json()["overdue"] is True
    action = r.json()
    assert (
        kam.post(f"{path}/milestones", {"title": "Pilot", "due_on": "2027-03-01"}).status_code
        == 201
    )
    r = kam.post(f"{path}/transitions", {"to_status": "submitted", "version": 2})
    assert r.json()["status"] == "submitted"
    viewer = api_client_for(client, cast.viewer)
    assert viewer.post(f"{path}/transitions", {"to_status": "validated"}).status_code == 403
    assert kam.post(f"{path}/transitions", {"to_status": "validated"}).status_code == 403
    sponsor = api_client_for(client, cast.executive)
    waiting = sponsor.get("/api/v1/initiatives", to_decide="true").json()
    assert [i["id"] for i in waiting["items"]] == [ini["id"]]
    assert kam.get("/api/v1/initiatives", to_decide="true").json()["count"] == 0
    assert kam.get("/api/v1/initiatives", status="submitted").json()["count"] == 1
    r = sponsor.post(f"{path}/transitions", {"to_status": "validated", "comment": "Go"})
    body = r.json()
    assert body["status"] == "validated"
    assert [e["to_status"] for e in body["history"]] == ["draft", "submitted", "validated"]
    member = api_client_for(client, cast.member)
    follow = member.get("/api/v1/initiative-actions", overdue="true").json()
    assert [a["id"] for a in follow["items"]] == [action["id"]]
    done = member.patch(
        f"/api/v1/initiative-actions/{action['id']}", {"version": 1, "status": "done"}
    )
    assert done.json()["status"] == "done"
    assert api_client_for(client, cast.outsider).get(path).status_code == 404
    assert kam.get(base).json()["count"] == 1


def test_listing_initiatives_costs_constant_queries(
    client: Client,
    cast: Cast,
    account: KeyAccount,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    kam = api_client_for(client, cast.kam)
    base = f"/api/v1/key-accounts/{account.public_id}/initiatives"
    for n in range(3):
        kam.post(base, {"title": f"Initiative {n}", "owner": "member"})
    with django_assert_num_queries(8):
        assert kam.get(base).json()["count"] == 3
    for n in range(3):
        kam.post(base, {"title": f"More {n}", "owner": "kam"})
    with django_assert_num_queries(8):
        assert kam.get(base).json()["count"] == 6
