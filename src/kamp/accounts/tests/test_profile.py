"""Key-account profile: relationship stage (current, target, dated history), scope, sponsor."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.accounts.models import KeyAccount, RelationshipStageChange
from kamp.accounts.services import key_account_nominate, key_account_update_profile
from kamp.customers.tests.factories import CustomerFactory
from kamp.organisation.models import Country
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(cast: Cast) -> KeyAccount:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    account.kam = cast.kam
    account.sponsor = cast.executive
    account.save()
    return account


def _update(actor: object, account: KeyAccount, version: int, stage: str = "basic") -> KeyAccount:
    return key_account_update_profile(
        actor=actor,  # type: ignore[arg-type]
        key_account=account,
        version=version,
        relationship_stage=stage,
        target_stage="interdependent",
        countries=[],
        business_units=[],
    )


def test_the_kam_moves_the_stage_and_it_is_dated(cast: Cast, account: KeyAccount) -> None:
    _update(cast.kam, account, version=1)
    account.refresh_from_db()
    assert (account.relationship_stage, account.target_stage) == ("basic", "interdependent")
    assert account.stage_changed_on is not None and account.version == 2
    change = RelationshipStageChange.objects.get()
    assert (change.stage, change.actor) == ("basic", cast.kam)


def test_a_stale_version_is_a_conflict_not_an_overwrite(cast: Cast, account: KeyAccount) -> None:
    _update(cast.kam, account, version=1)
    with pytest.raises(ValidationError, match="Someone else changed"):
        _update(cast.director, account, version=1, stage="integrated")
    account.refresh_from_db()
    assert account.relationship_stage == "basic"


@pytest.mark.parametrize("persona", ["executive", "viewer", "pcdirector", "member"])
def test_only_the_kam_or_director_edit_the_profile(
    cast: Cast, account: KeyAccount, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        _update(getattr(cast, persona), account, version=1)


def test_the_profile_form_works_with_htmx(client: Client, cast: Cast, account: KeyAccount) -> None:
    country = Country.objects.create(code="FR", name="France")
    url = reverse("accounts:key-account-profile", args=[account.public_id])
    client.force_login(cast.kam)
    data = {
        "version": 1,
        "relationship_stage": "cooperative",
        "target_stage": "integrated",
        "countries": [country.pk],
        "business_units": [cast.unit.pk],
    }
    r = client.post(url, data, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "France" in r.content.decode()
    assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 200
    assert "Someone else changed" in client.post(url, data).content.decode()
    assert client.get(url).status_code == 405
    client.force_login(cast.viewer)
    assert client.get(account.get_absolute_url()).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(cast.outsider)
    assert client.post(url, data).status_code == 404


def test_the_api_reads_and_sets_the_profile(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    Country.objects.create(code="DE", name="Germany")
    path = f"/api/v1/key-accounts/{account.public_id}"
    api = api_client_for(client, cast.kam)
    body = {
        "version": 1,
        "relationship_stage": "cooperative",
        "target_stage": "integrated",
        "countries": ["DE"],
        "business_units": ["IND"],
    }
    r = api.request("PUT", f"{path}/profile", body)
    assert r.status_code == 200, r.content
    assert r.json()["countries"] == ["DE"] and r.json()["version"] == 2
    assert r.json()["sponsor"] == "executive"
    assert api.request("PUT", f"{path}/profile", body).status_code == 422
    history = api.get(f"{path}/stage-history").json()
    assert [(h["stage"], h["by"]) for h in history] == [("cooperative", "kam")]
    assert api.request("PUT", f"{path}/profile", {**body, "countries": ["ZZ"]}).status_code == 422
    viewer = api_client_for(client, cast.viewer)
    assert viewer.request("PUT", f"{path}/profile", body).status_code == 403
    assert api_client_for(client, cast.outsider).get(path).status_code == 404


def test_disintegrating_is_a_stage_but_never_a_target(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    with pytest.raises(ValidationError, match="no one aims at it"):
        key_account_update_profile(
            actor=cast.kam,
            key_account=account,
            version=1,
            relationship_stage="basic",
            target_stage="disintegrating",
            countries=[],
            business_units=[],
        )
    _update(cast.kam, account, version=1, stage="disintegrating")  # a current stage: fine
    url = reverse("accounts:key-account-profile", args=[account.public_id])
    client.force_login(cast.kam)
    data = {"version": 2, "relationship_stage": "basic", "target_stage": "disintegrating"}
    r = client.post(url, data)
    assert r.status_code == 422 and "target_stage" in r.content.decode()
    body = {**data, "countries": [], "business_units": []}
    path = f"/api/v1/key-accounts/{account.public_id}/profile"
    assert api_client_for(client, cast.kam).request("PUT", path, body).status_code == 422
    account.refresh_from_db()
    assert (account.relationship_stage, account.target_stage, account.version) == (
        "disintegrating",
        "interdependent",
        2,
    )
