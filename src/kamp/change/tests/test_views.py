"""Change pages: who sees them, the questionnaire, actions onto the roadmap, query counts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from kamp.change import services
from kamp.change.models import ImprovementAction, Rating
from kamp.programme.models import Milestone

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast
    from kamp.change.models import Assessment

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def _assessment(cast: Cast) -> Assessment:
    assessment = services.assessment_create(
        actor=cast.director, title="Year one", assessed_on=DAY, respondents=[cast.kam]
    )
    services.assessment_rate(
        actor=cast.director, assessment=assessment, dimension="planning", level=1
    )
    return assessment


def _everything(cast: Cast) -> list[str]:
    assessment = _assessment(cast)
    action = services.improvement_action_create(
        actor=cast.director, assessment=assessment, dimension="planning", title="Review plans"
    )
    announcement = services.announcement_publish(
        actor=cast.director, title="Hi", body="Hello", audience="company", published_on=DAY
    )
    survey = services.pulse_create(
        actor=cast.director, title="P", audience="company", questions=["Q"], opened_on=DAY
    )
    del action
    return [
        reverse("change:overview"),
        assessment.get_absolute_url(),
        reverse("change:action-list"),
        reverse("change:communication"),
        reverse("change:announcement-list"),
        reverse("change:announcement-unread"),
        announcement.get_absolute_url(),
        reverse("change:pulse-list"),
        survey.get_absolute_url(),
        reverse("change:concern-list"),
    ]


def test_the_director_sees_every_page_and_outsiders_none(client: Client, cast: Cast) -> None:
    urls = _everything(cast)
    client.force_login(cast.director)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(cast.executive)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(cast.outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_read_only_people_get_403_on_writes(client: Client, cast: Cast) -> None:
    urls = _everything(cast)
    client.force_login(cast.executive)
    assert b"Save my answers" not in client.get(urls[1]).content  # not invited
    for url in [urls[0], urls[1], urls[3], urls[7]]:
        assert client.post(url, {"form": "x"}).status_code == 403, url
    action = ImprovementAction.objects.get()
    for name in ["action-accept", "action-dismiss", "action-complete"]:
        url = reverse(f"change:{name}", kwargs={"public_id": action.public_id})
        assert client.post(url).status_code == 403, url
        assert client.get(url).status_code == 405, url
    client.force_login(cast.viewer)
    assert client.get(urls[1]).status_code == 404  # not invited
    assert client.get(urls[2]).status_code == 403


def test_a_respondent_answers_the_questionnaire_with_facts_beside(
    client: Client, cast: Cast
) -> None:
    assessment = _assessment(cast)
    client.force_login(cast.kam)
    page = client.get(assessment.get_absolute_url())
    assert b"Key accounts with an approved plan" in page.content
    assert b"Save my answers" in page.content
    answer = {
        "form": "rate",
        "planning-level": "3",
        "planning-evidence": "Plans reviewed",
        "team-level": "2",
    }
    assert client.post(assessment.get_absolute_url(), answer).status_code == 302
    assert sorted(Rating.objects.filter(respondent=cast.kam).values_list("dimension", "level")) == [
        ("planning", 3),
        ("team", 2),
    ]
    assert client.post(assessment.get_absolute_url(), {"form": "close"}).status_code == 403


def test_the_director_proposes_and_accepts_actions_from_the_pages(
    client: Client, cast: Cast
) -> None:
    assessment = _assessment(cast)
    client.force_login(cast.director)
    client.post(assessment.get_absolute_url(), {"form": "propose"})
    action = ImprovementAction.objects.filter(dimension="planning").first()
    assert action is not None
    url = reverse("change:action-accept", kwargs={"public_id": action.public_id})
    response = client.post(url, {"owner": cast.kam.pk, "due_on": "2026-06-30"})
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.owner, milestone.due_on) == (cast.kam, dt.date(2026, 6, 30))
    done = reverse("change:action-complete", kwargs={"public_id": action.public_id})
    client.post(done)
    action.refresh_from_db()
    assert action.progress == "done"
    again = client.post(url, {})
    assert again.status_code == 302  # already accepted: a message, nothing changes
    assert Milestone.objects.count() == 1


def test_a_concern_posted_with_htmx_returns_the_log(client: Client, cast: Cast) -> None:
    client.force_login(cast.member)
    response = client.post(
        reverse("change:concern-list"),
        {"form": "concern", "kind": "idea", "text": "Monthly newsletter"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b'id="concerns"' in response.content and b"<html" not in response.content
    assert b"Monthly newsletter" in response.content


@pytest.mark.parametrize(
    "name",
    [
        "change:action-list",
        "change:communication",
        "change:announcement-list",
        "change:pulse-list",
        "change:concern-list",
        "change:overview",
    ],
)
def test_list_pages_cost_the_same_whatever_their_length(
    client: Client, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries, name: str
) -> None:
    client.force_login(cast.director)

    def add(n: int) -> None:
        assessment = _assessment(cast)
        for i in range(n):
            services.improvement_action_create(
                actor=cast.director, assessment=assessment, dimension="team", title=f"A{i}"
            )
            services.communication_item_create(
                actor=cast.director,
                audience="company",
                message=f"M{i}",
                channel="email",
                planned_on=DAY,
                owner=cast.kam,
            )
            services.announcement_publish(
                actor=cast.director, title=f"T{i}", body="b", audience="company", published_on=DAY
            )
            services.pulse_create(
                actor=cast.director,
                title=f"P{i}",
                audience="company",
                questions=["Q"],
                opened_on=DAY,
            )
            services.concern_create(actor=cast.kam, kind="idea", text=f"I{i}")

    add(1)
    url = reverse(name)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(url)
    add(3)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
