"""The change API: maturity, ratings, announcements, pulse answers and results, concerns."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from kamp.change import services
from kamp.organisation.models import Membership
from kamp.organisation.tests.factories import MembershipFactory, UserFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def test_maturity_and_ratings(client: Client, cast: Cast) -> None:
    assessment = services.assessment_create(
        actor=cast.director, title="Y1", assessed_on=DAY, respondents=[cast.kam]
    )
    kam = api_client_for(client, cast.kam)
    url = f"/api/v1/change/assessments/{assessment.public_id}/ratings"
    made = kam.post(url, {"dimension": "planning", "level": 3, "evidence": "Reviewed"})
    assert made.status_code == 201 and made.json()["level"] == 3
    assert kam.post(url, {"dimension": "planning", "level": 5}).status_code == 422
    assert kam.get("/api/v1/change/maturity").status_code == 403
    executive = api_client_for(client, cast.executive)
    report = executive.get("/api/v1/change/maturity").json()
    assert (report["index"], report["phase"], report["assessed_on"]) == (3.0, "C", "2026-03-02")
    assert executive.post(url, {"dimension": "team", "level": 2}).status_code == 403
    [listed] = executive.get("/api/v1/change/assessments").json()
    assert listed["index"] == 3.0
    assert api_client_for(client, cast.viewer).get("/api/v1/change/assessments").json() == []
    outsider = api_client_for(client, cast.outsider)
    assert outsider.get("/api/v1/change/assessments").status_code == 404
    assert outsider.post(url, {"dimension": "team", "level": 2}).status_code == 404


def test_announcements_pulses_and_concerns(client: Client, cast: Cast) -> None:
    announcement = services.announcement_publish(
        actor=cast.director, title="Hi", body="Hello", audience="company", published_on=DAY
    )
    viewer = api_client_for(client, cast.viewer)
    [unread] = viewer.get("/api/v1/change/announcements", unread="true").json()
    assert unread["read"] is False
    read = viewer.post(f"/api/v1/change/announcements/{announcement.public_id}/read", {})
    assert read.status_code == 200 and read.json()["read"] is True
    assert viewer.get("/api/v1/change/announcements", unread="true").json() == []
    survey = services.pulse_create(
        actor=cast.director, title="P", audience="kams", questions=["Q1", "Q2"], opened_on=DAY
    )
    answers = f"/api/v1/change/pulses/{survey.public_id}/answers"
    assert viewer.post(answers, {"scores": [3, 3]}).status_code == 404
    for n in range(5):
        user = UserFactory.create(username=f"k{n}")
        MembershipFactory.create(user=user, role=Membership.Role.KAM)
        got = api_client_for(client, user).post(answers, {"scores": [4, 5], "comment": "x"})
        assert got.status_code == 204
        if n == 0:
            again = api_client_for(client, user).post(answers, {"scores": [4, 5]})
            assert again.status_code == 403
    results = api_client_for(client, cast.executive).get(
        f"/api/v1/change/pulses/{survey.public_id}/results"
    )
    assert results.json()["shown"] is True and results.json()["questions"][0]["mean"] == 4.0
    kam = api_client_for(client, cast.kam)
    assert kam.get(f"/api/v1/change/pulses/{survey.public_id}/results").status_code == 403
    made = viewer.post("/api/v1/change/concerns", {"kind": "concern", "text": "Workload"})
    assert made.status_code == 201 and made.json()["status"] == "open"
    assert viewer.post("/api/v1/change/concerns", {"kind": "x", "text": "y"}).status_code == 422
    assert [c["text"] for c in viewer.get("/api/v1/change/concerns").json()] == ["Workload"]
    assert kam.get("/api/v1/change/concerns").json() == []
    outsider = api_client_for(client, cast.outsider)
    assert (
        outsider.post("/api/v1/change/concerns", {"kind": "idea", "text": "y"}).status_code == 404
    )
