"""Stakeholder map: the red-flag rules, the org chart, who edits what, pages and API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.accounts import services
from kamp.accounts.models import KeyAccount
from kamp.accounts.services import key_account_nominate
from kamp.accounts.stakeholders import Person, org_chart, red_flags
from kamp.customers.tests.factories import ContactFactory, CustomerFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

TODAY = dt.date(2026, 6, 30)
RECENT = dt.date(2026, 6, 1)


def _p(
    key: int, role: str = "", decision: str = "", attitude: str = "neutral", **kw: object
) -> Person:
    defaults: dict[str, object] = {"owner_id": 1, "last_met_on": RECENT, "reports_to": None}
    defaults.update(kw)
    return Person(key, f"P{key}", role, decision, attitude, **defaults)  # type: ignore[arg-type]


def _codes(people: list[Person]) -> list[tuple[str, str]]:
    return [(f.code, f.person) for f in red_flags(people, TODAY)]


def _covered(**kw: object) -> list[Person]:
    """A map where every buying role is held and two people of ours hold the ties."""
    return [
        _p(1, "economic", "decision_maker", "supporter", **kw),
        _p(2, "user", owner_id=2),
        _p(3, "technical"),
        _p(4, "coach", owner_id=2),
    ]


def test_a_healthy_map_has_no_flag() -> None:
    assert _codes(_covered()) == []


def test_an_empty_map_lacks_every_buying_role_and_is_single_threaded() -> None:
    assert _codes([]) == [
        ("no_economic_buyer", ""),
        ("no_user_buyer", ""),
        ("no_technical_buyer", ""),
        ("no_coach", ""),
        ("single_threaded", ""),
    ]


def test_a_missing_user_and_technical_buyer_are_flagged() -> None:
    people = [_p(1, "economic", "decision_maker"), _p(2, "coach", owner_id=2)]
    assert _codes(people) == [("no_user_buyer", ""), ("no_technical_buyer", "")]


@pytest.mark.parametrize("attitude", ["enemy", "hostile"])
def test_a_hostile_ceo_of_high_influence_is_flagged_whatever_their_role(attitude: str) -> None:
    ceo = _p(5, "", "influencer", attitude, influence="high", owner_id=2)
    assert _codes([*_covered(), ceo]) == [("hostile_influential", "P5")]


def test_hostility_of_medium_influence_or_high_influence_support_is_not_flagged() -> None:
    people = [
        *_covered(),
        _p(5, decision="decision_maker", attitude="enemy", influence="medium"),
        _p(6, attitude="mentor", influence="high"),
    ]
    assert _codes(people) == []


def test_one_owner_for_everyone_is_single_threaded() -> None:
    people = [_p(1, "economic"), _p(2, "user"), _p(3, "technical"), _p(4, "coach", owner_id=None)]
    assert _codes(people) == [("single_threaded", "")]


def test_decision_level_not_met_for_n_days_is_flagged_once_other_contacts_never() -> None:
    day_90 = TODAY - dt.timedelta(days=90)
    day_91 = TODAY - dt.timedelta(days=91)
    assert _codes(_covered(last_met_on=day_90)) == []
    people = [*_covered(last_met_on=day_91), _p(5, "", "approver", last_met_on=None)]
    people[1] = _p(2, "user", owner_id=2, last_met_on=None)  # not at decision level: no flag
    assert _codes(people) == [("decision_level_not_met", "")]
    people.append(_p(6, "", "approver", last_met_on=day_90))
    assert _codes(people) == []
    assert [f.code for f in red_flags(people, TODAY, decision_days=30)] == [
        "decision_level_not_met"
    ]


def test_the_org_chart_nests_by_reporting_line_and_survives_loops() -> None:
    people = [_p(1), _p(2, reports_to=1), _p(3, reports_to=2), _p(4, reports_to=99)]
    roots = org_chart(people)
    assert [n.person.key for n in roots] == [1, 4]
    assert roots[0].reports[0].reports[0].person.key == 3
    looped = org_chart([_p(1, reports_to=2), _p(2, reports_to=1)])
    assert sorted(n.person.key for n in looped) == [1, 2]


@pytest.fixture
def account(cast: Cast) -> KeyAccount:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    return account


@pytest.mark.django_db
def test_the_kam_maps_people_and_owners_update_their_own(cast: Cast, account: KeyAccount) -> None:
    ceo = ContactFactory.create(customer=account.customer, name="Ada CEO")
    buyer = ContactFactory.create(customer=account.customer, name="Bo Buyer", reports_to=ceo)
    outsider = ContactFactory.create(name="Elsewhere")
    s = services.stakeholder_add(
        actor=cast.kam,
        key_account=account,
        contact=buyer,
        owner=cast.member,
        buying_role="economic",
    )
    with pytest.raises(ValidationError, match="already on the map"):
        services.stakeholder_add(actor=cast.kam, key_account=account, contact=buyer)
    with pytest.raises(ValidationError, match="account's group"):
        services.stakeholder_add(actor=cast.kam, key_account=account, contact=outsider)
    with pytest.raises(PermissionDenied):
        services.stakeholder_add(actor=cast.member, key_account=account, contact=ceo)
    services.stakeholder_update(actor=cast.member, stakeholder=s, version=1, last_met_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.stakeholder_update(actor=cast.member, stakeholder=s, version=2, owner=cast.kam)
    with pytest.raises(PermissionDenied):
        services.stakeholder_update(actor=cast.viewer, stakeholder=s, version=2, notes="x")
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.stakeholder_update(actor=cast.kam, stakeholder=s, version=1, notes="x")


@pytest.mark.django_db
def test_stakeholder_pages_and_api(
    client: Client,
    cast: Cast,
    account: KeyAccount,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    ceo = ContactFactory.create(customer=account.customer, name="Ada CEO")
    buyer = ContactFactory.create(customer=account.customer, name="Bo Buyer", reports_to=ceo)
    url = reverse("accounts:stakeholder-map", args=[account.public_id])
    client.force_login(cast.kam)
    data = {
        "contact": ceo.pk,
        "decision_role": "decision_maker",
        "attitude": "enemy",
        "influence": "high",
        "coverage": "low",
        "buying_role": "economic",
    }
    assert client.post(url, data).status_code == 302
    body = client.get(url).content.decode()
    assert 'data-flag="hostile_influential"' in body and "Ada CEO" in body
    api = api_client_for(client, cast.kam)
    path = f"/api/v1/key-accounts/{account.public_id}/stakeholders"
    r = api.post(path, {"contact": str(buyer.public_id), "buying_role": "coach", "owner": "member"})
    assert r.status_code == 201, r.content
    with django_assert_num_queries(10):
        client.get(url)
    for n in range(3):
        extra = ContactFactory.create(customer=account.customer, reports_to=buyer)
        services.stakeholder_add(
            actor=cast.kam, key_account=account, contact=extra, owner=cast.member, notes=str(n)
        )
    with django_assert_num_queries(10):
        client.get(url)
    the_map = api.get(f"/api/v1/key-accounts/{account.public_id}/stakeholder-map").json()
    bo = next(s for s in the_map["stakeholders"] if s["name"] == "Bo Buyer")
    assert bo["reports_to"] == str(ceo.public_id)
    assert "hostile_influential" in {f["code"] for f in the_map["red_flags"]}
    sid = bo["id"]
    member = api_client_for(client, cast.member)
    patched = member.patch(
        f"/api/v1/stakeholders/{sid}", {"version": 1, "last_met_on": "2026-06-01"}
    )
    assert patched.status_code == 200, patched.content
    assert (
        api_client_for(client, cast.viewer)
        .patch(f"/api/v1/stakeholders/{sid}", {"version": 2})
        .status_code
        == 403
    )
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.viewer)
    assert client.post(url, data).status_code == 403
    remove = reverse("accounts:stakeholder-remove", args=[sid])
    assert client.post(remove).status_code == 403
    assert member.delete(f"/api/v1/stakeholders/{sid}").status_code == 403
    client.force_login(cast.kam)
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert api.delete(f"/api/v1/stakeholders/{sid}").status_code == 404
    ceo_id = next(s["id"] for s in the_map["stakeholders"] if s["name"] == "Ada CEO")
    assert api.delete(f"/api/v1/stakeholders/{ceo_id}").status_code == 204
