"""The casting API as each persona sees it; responses are held to the OpenAPI schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from kamp.casting import services
from kamp.organisation.tests.factories import UserFactory
from tests.openapi import ApiClient, api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.casting.tests.conftest import Team
    from kamp.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client: Client) -> Any:
    def make(user: User) -> ApiClient:
        return api_client_for(client, user)

    return make


def test_people_by_scope(as_user: Any, cast: Cast, team: Team) -> None:
    body = as_user(cast.director).get("/api/v1/casting/people").json()
    decisions = {p["person"]: p["decision"] for p in body["items"]}
    assert decisions == {"kam": "keep", "kam2": "train", "member": "transfer_hire"}
    mine = as_user(team.sophie).get("/api/v1/casting/people").json()
    assert [p["person"] for p in mine["items"]] == ["kam2"]
    detail = as_user(team.sophie).get(f"/api/v1/casting/people/{team.sophie_p.public_id}").json()
    assert [a["competency"] for a in detail["plan"]] == ["seller", "visionary"]
    assert (
        as_user(team.sophie).get(f"/api/v1/casting/people/{team.tiago.public_id}").status_code
        == 404
    )
    assert as_user(cast.outsider).get("/api/v1/casting/frameworks").status_code == 404
    assert as_user(cast.viewer).get("/api/v1/casting/frameworks").json()["count"] == 3


def test_writes_need_the_director(as_user: Any, cast: Cast, team: Team) -> None:
    body = {"name": "Hunters", "role": "kam", "framework": str(team.framework.public_id)}
    assert as_user(cast.viewer).post("/api/v1/casting/profiles/derive", body).status_code == 403
    assert as_user(cast.outsider).post("/api/v1/casting/profiles/derive", body).status_code == 404
    made = as_user(cast.director).post("/api/v1/casting/profiles/derive", body)
    assert made.status_code == 201 and made.json()["role"] == "kam"
    assert as_user(cast.viewer).post("/api/v1/casting/proposals", {}).status_code == 403
    assert as_user(cast.outsider).post("/api/v1/casting/proposals", {}).status_code == 404
    url = f"/api/v1/casting/proposals/{team.proposal.public_id}"
    assert as_user(cast.executive).get(url).status_code == 200
    assert as_user(cast.executive).post(f"{url}/accept", {}).status_code == 403
    assert as_user(cast.kam).get(url).status_code == 404
    lines = as_user(cast.director).post(f"{url}/accept", {}).json()["lines"]
    assert all(line["accepted"] for line in lines)
    assert as_user(cast.director).post("/api/v1/casting/proposals", {}).status_code == 201


def test_ratings_stay_anonymous(as_user: Any, cast: Cast, team: Team) -> None:
    peers = [UserFactory.create(username=f"peer{n}") for n in range(2)]
    campaign = services.campaign_create(
        actor=cast.director,
        name="360",
        framework=team.framework,
        people=[team.sophie_p],
        peers={team.sophie_p.pk: peers},
    )
    assessment = campaign.assessments.get()
    url = f"/api/v1/casting/assessments/{assessment.public_id}"
    answers = {"answers": [{"competency": "seller", "level": 2, "evidence": "x"}]}
    r = as_user(peers[0]).post(f"{url}/ratings", answers)
    assert r.status_code == 200 and r.json() == {"perspective": "peer", "answers": 1}
    assert as_user(peers[0]).get(url).status_code == 403
    assert as_user(cast.outsider).get(url).status_code == 404
    as_user(peers[1]).post(f"{url}/ratings", answers)
    seen = as_user(team.sophie).get(url)
    text = seen.content.decode()
    assert "peer0" not in text and "peer1" not in text
    seller = next(v for v in seen.json()["views"] if v["competency"] == "seller")
    assert seller["peers"] == {"count": 2, "mean": None, "hidden": True}
    assert as_user(team.sophie).post(f"{url}/close", {}).status_code == 403
    closed = as_user(cast.director).post(f"{url}/close", {})
    assert closed.status_code == 200 and closed.json()["closed_at"]
    bad = {"answers": [{"competency": "seller", "level": 6}]}
    assert as_user(team.sophie).post(f"{url}/ratings", bad).status_code == 422


def test_frameworks_profiles_campaigns(as_user: Any, cast: Cast, team: Team) -> None:
    api = as_user(cast.kam)
    detail = api.get(f"/api/v1/casting/frameworks/{team.framework.public_id}").json()
    assert [c["code"] for c in detail["competencies"]][:2] == ["leader", "motivator"]
    assert len(detail["competencies"][0]["anchors"]) == 5
    assert api.get("/api/v1/casting/profiles").json()["count"] == 3
    assert api.get("/api/v1/casting/campaigns").json()["items"][0]["min_raters"] == 3
