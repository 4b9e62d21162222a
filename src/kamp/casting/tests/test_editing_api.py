"""The API's writes for people, campaigns and profiles (director only: 403 readers, 404
outsiders), held to the OpenAPI schema; and the read-only admin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from kamp.casting.models import Campaign, Person, RoleProfile
from kamp.organisation.tests.factories import UserFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.casting.tests.conftest import Team
    from kamp.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client: Client) -> Any:
    return lambda user: api_client_for(client, user)


def test_people_writes(as_user: Any, cast: Cast, team: Team) -> None:
    UserFactory.create(username="newcomer")
    body = {"username": "newcomer", "manager": "kam", "countries": ["es"], "languages": ["ES"]}
    assert as_user(cast.viewer).post("/api/v1/casting/people", body).status_code == 403
    assert as_user(cast.outsider).post("/api/v1/casting/people", body).status_code == 404
    bad = as_user(cast.director).post("/api/v1/casting/people", {**body, "countries": ["XX"]})
    assert bad.status_code == 422
    made = as_user(cast.director).post("/api/v1/casting/people", body)
    assert made.status_code == 201
    assert made.json() | {"id": None} == {
        "id": None,
        "person": "newcomer",
        "manager": "kam",
        "profile": None,
        "languages": ["es"],
        "countries": ["ES"],
        "segments": [],
        "stages": [],
        "capacity": 1.0,
    }
    assert as_user(cast.director).post("/api/v1/casting/people", body).status_code == 422
    url = f"/api/v1/casting/people/{made.json()['id']}"
    profile = RoleProfile.objects.get(name="Key-account team lead")
    patch = {"profile": str(profile.public_id), "capacity": 0.5}
    changed = as_user(cast.director).patch(url, patch).json()
    assert changed["profile"] == str(profile.public_id) and changed["manager"] == "kam"
    assert as_user(cast.kam).patch(url, patch).status_code == 403
    assert as_user(cast.viewer).patch(url, patch).status_code == 404
    assert as_user(cast.director).patch(url, {"manager": None}).json()["manager"] is None


def test_campaign_writes(as_user: Any, cast: Cast, team: Team) -> None:
    body = {
        "name": "Autumn",
        "framework": str(team.framework.public_id),
        "kind": "360",
        "people": ["member", "kam2"],
        "peers": {"member": ["kam2", "viewer"]},
    }
    assert as_user(cast.viewer).post("/api/v1/casting/campaigns", body).status_code == 403
    assert as_user(cast.outsider).post("/api/v1/casting/campaigns", body).status_code == 404
    for wrong in ({"people": ["nobody"]}, {"peers": {"kam": ["kam2"]}}, {"kind": "self"}):
        assert (
            as_user(cast.director).post("/api/v1/casting/campaigns", body | wrong).status_code
            == 422
        )
    made = as_user(cast.director).post("/api/v1/casting/campaigns", body)
    assert made.status_code == 201 and made.json()["kind"] == "360"
    campaign = Campaign.objects.get(name="Autumn")
    assert campaign.assessments.count() == 2
    url = f"/api/v1/casting/campaigns/{campaign.public_id}"
    assert as_user(cast.viewer).post(f"{url}/close", {}).status_code == 403
    assert as_user(cast.outsider).post(f"{url}/close", {}).status_code == 404
    assert as_user(cast.director).post(f"{url}/close", {}).json()["status"] == "closed"
    assert as_user(cast.director).post(f"{url}/close", {}).status_code == 422
    assert as_user(cast.viewer).post(f"{url}/open", {}).status_code == 403
    assert as_user(cast.director).post(f"{url}/open", {}).json()["status"] == "open"


def test_profile_put(as_user: Any, cast: Cast, team: Team) -> None:
    profile = team.lukas.profile
    assert profile is not None
    url = f"/api/v1/casting/profiles/{profile.public_id}"
    body = {
        "requirements": [
            {"competency": "seller", "level": 5, "weight": 2, "reason": "Hunters sell."},
            {
                "competency": "influencer",
                "level": 4,
                "translations": {"fr": {"reason": "Influencer les décideurs."}},
            },
        ],
        "reason": "Growth.",
    }

    def put(user: User, payload: dict[str, Any]) -> Any:
        return as_user(user).request("PUT", url, payload)

    assert put(cast.viewer, body).status_code == 403
    assert put(cast.outsider, body).status_code == 404
    assert (
        put(cast.director, {"requirements": [{"competency": "x", "level": 3}]}).status_code == 422
    )
    saved = put(cast.director, body).json()
    assert saved["version"] == 2 and saved["name"] == profile.name
    assert Person.objects.filter(profile__version=2).count() == 3
    api = as_user(cast.viewer)
    api.headers["Accept-Language"] = "fr"
    listed = api.get("/api/v1/casting/profiles", limit=50).json()["items"]
    mine = next(p for p in listed if p["name"] == profile.name)
    assert mine["version"] == 2
    assert {r["reason"] for r in mine["requirements"]} == {
        "Hunters sell.",
        "Influencer les décideurs.",
    }
    assert put(cast.director, body).status_code == 422


def test_admin_is_read_only(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.admin)
    models = [
        "framework",
        "competency",
        "roleprofile",
        "requirement",
        "person",
        "campaign",
        "assessment",
        "rater",
        "rating",
        "attainedlevel",
        "developmentaction",
        "assignmentproposal",
        "assignmentline",
    ]
    for name in models:
        assert client.get(reverse(f"admin:casting_{name}_changelist")).status_code == 200, name
        assert client.get(reverse(f"admin:casting_{name}_add")).status_code == 403, name
    page = client.get(reverse("admin:casting_person_change", args=[team.tiago.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    rater = client.get(reverse("admin:casting_rater_changelist")).content.decode()
    assert team.sophie.get_username() not in rater
