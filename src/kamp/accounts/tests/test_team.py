"""Account team and RACI: members with and without a login, one accountable per initiative."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.accounts import services
from kamp.accounts.models import KeyAccount, RaciAssignment
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
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    return account


def test_team_and_one_accountable_per_initiative(cast: Cast, account: KeyAccount) -> None:
    kam = services.team_member_add(actor=cast.kam, key_account=account, user=cast.kam, role="kam")
    guest = services.team_member_add(
        actor=cast.kam, key_account=account, name="Ola Quality", role="quality", allocation=20
    )
    assert guest.display_name == "Ola Quality"
    with pytest.raises(ValidationError, match="Already in the team"):
        services.team_member_add(actor=cast.kam, key_account=account, user=cast.kam, role="kam")
    with pytest.raises(ValidationError, match="user or give a name"):
        services.team_member_add(actor=cast.kam, key_account=account, role="other")
    with pytest.raises(PermissionDenied):
        services.team_member_add(actor=cast.member, key_account=account, name="X", role="other")
    ini = services.initiative_create(actor=cast.kam, key_account=account, title="Lab")
    services.raci_set(actor=cast.kam, initiative=ini, member=kam, letter="A")
    with pytest.raises(ValidationError, match="already has someone accountable"):
        services.raci_set(actor=cast.kam, initiative=ini, member=guest, letter="A")
    services.raci_set(actor=cast.kam, initiative=ini, member=guest, letter="R")
    services.raci_set(actor=cast.kam, initiative=ini, member=kam, letter="")
    assert list(RaciAssignment.objects.values_list("letter", flat=True)) == ["R"]


def test_team_page_raci_htmx_and_api(
    client: Client,
    cast: Cast,
    account: KeyAccount,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    ini = services.initiative_create(actor=cast.kam, key_account=account, title="Lab")
    url = reverse("accounts:account-team", args=[account.public_id])
    client.force_login(cast.kam)
    r = client.post(url, {"name": "Ola Quality", "role": "quality", "allocation": 20})
    assert r.status_code == 302
    member = account.team.get()
    raci = reverse("accounts:raci-cell", args=[account.public_id])
    data = {"initiative": ini.public_id, "member": member.public_id, "letter": "R"}
    r = client.post(raci, data, headers={"HX-Request": "true"})
    assert (
        r.status_code == 200
        and 'value="R" title="Responsible (does the work)" selected' in r.content.decode()
    )
    with django_assert_num_queries(11):
        client.get(url)
    for n in range(3):
        services.team_member_add(actor=cast.kam, key_account=account, name=f"P{n}", role="service")
        services.initiative_create(actor=cast.kam, key_account=account, title=f"I{n}")
    with django_assert_num_queries(11):
        client.get(url)
    api = api_client_for(client, cast.kam)
    path = f"/api/v1/key-accounts/{account.public_id}/team"
    assert api.post(path, {"user": "member", "role": "bu_lead"}).status_code == 201
    body = {"initiative": str(ini.public_id), "member": str(member.public_id), "letter": "A"}
    team = api.request("PUT", f"/api/v1/key-accounts/{account.public_id}/raci", body).json()
    lab = next(row for row in team["raci"] if row["title"] == "Lab")
    assert lab["parts"] == {str(member.public_id): "A"}
    viewer = api_client_for(client, cast.viewer)
    assert viewer.get(path).json()["members"][0]["role"]
    assert viewer.post(path, {"name": "x", "role": "other"}).status_code == 403
    member_path = f"/api/v1/team-members/{member.public_id}"
    assert viewer.delete(member_path).status_code == 403
    assert api_client_for(client, cast.outsider).delete(member_path).status_code == 404
    assert api.delete(member_path).status_code == 204
    assert not RaciAssignment.objects.filter(member_id=member.pk).exists()
    other = services.team_member_add(actor=cast.kam, key_account=account, name="Z", role="other")
    remove = reverse("accounts:team-member-remove", args=[account.public_id, other.public_id])
    client.force_login(cast.viewer)
    assert client.post(raci, data).status_code == 403
    assert client.post(remove).status_code == 403
    client.force_login(cast.kam)
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not account.team.filter(pk=other.pk).exists()
    client.force_login(cast.viewer)
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
