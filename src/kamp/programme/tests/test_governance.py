"""Programme governance: charter, interviews and synthesis, steering reviews, roadmap."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kamp.accounts.services import key_account_nominate
from kamp.core.models import AuditEvent
from kamp.customers.tests.factories import CustomerFactory
from kamp.programme import selectors, services
from kamp.programme.models import Milestone, PointValidation, SteeringReview
from kamp.programme.selectors import synthesise_themes

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def test_themes_are_grouped_across_interviews_most_raised_first() -> None:
    themes = synthesise_themes(
        [("Ana", ["Silos", "Margin"]), ("Ben", ["silos ", "Innovation"]), ("Cy", ["Margin"])]
    )
    assert [(t.label, t.count) for t in themes] == [("Margin", 2), ("Silos", 2), ("Innovation", 1)]
    assert themes[1].interviewees == ["Ana", "Ben"]


def test_the_director_writes_the_charter_and_ties_objectives_to_challenges(cast: Cast) -> None:
    services.charter_update(actor=cast.director, name="KAM 2027", owner=cast.executive)
    challenge = services.challenge_create(
        actor=cast.director, kind="customer_focus", title="Grow with our best customers"
    )
    services.objective_create(
        actor=cast.director, challenge=challenge, title="Key account growth", target="2x"
    )
    [listed] = selectors.challenge_list(actor=cast.viewer)
    assert [o.title for o in listed.objectives.all()] == ["Key account growth"]
    assert services.charter_current().owner == cast.executive
    assert AuditEvent.objects.filter(action__in=["charter.update", "objective.create"]).count() == 2


@pytest.mark.parametrize("persona", ["executive", "kam", "viewer", "pcdirector"])
def test_only_the_director_changes_the_charter(cast: Cast, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.charter_update(actor=getattr(cast, persona), name="Mine")


def test_a_review_validates_programme_points_and_records_actions(cast: Cast) -> None:
    review = services.review_create(
        actor=cast.director, title="Q1 steering", held_on=DAY, attendees=[cast.executive]
    )
    customer = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=customer, tier="gold")
    services.review_validate_point(
        actor=cast.executive,
        review=review,
        point="tiers",
        decision="validated",
        key_account=account,
    )
    action = services.review_action_create(
        actor=cast.executive, review=review, title="Name sponsors", owner=cast.kam, due_on=DAY
    )
    services.review_action_complete(actor=cast.kam, action=action)
    review.refresh_from_db()
    assert review.status == SteeringReview.Status.HELD
    assert PointValidation.objects.get().key_account == account
    action.refresh_from_db()
    assert action.done
    with pytest.raises(PermissionDenied):
        services.review_validate_point(
            actor=cast.kam, review=review, point="charter", decision="validated"
        )


def test_roadmap_lists_every_phase_with_its_status(cast: Cast) -> None:
    m = services.milestone_create(actor=cast.director, phase="selection", title="First run")
    services.milestone_update(actor=cast.director, milestone=m, status="in_progress")
    phases = selectors.roadmap(actor=cast.viewer)
    assert [p.key for p in phases] == list(Milestone.Phase.values)
    assert [p.status for p in phases if p.milestones] == ["in_progress"]


def test_pages_show_to_roles_and_hide_from_outsiders(client: Client, cast: Cast) -> None:
    review = services.review_create(actor=cast.director, title="Q1 steering", held_on=DAY)
    urls = [
        reverse("programme:overview"),
        reverse("programme:interview-list"),
        reverse("programme:review-list"),
        reverse("programme:roadmap"),
        review.get_absolute_url(),
    ]
    client.force_login(cast.viewer)
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.post(url, {"form": "x"}).status_code == 403, url
    client.force_login(cast.outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_director_runs_a_review_from_its_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(
        reverse("programme:review-list"),
        {
            "form": "review",
            "title": "Kick-off",
            "held_on": "2026-03-02",
            "attendees": [cast.executive.pk],
        },
    )
    assert response.status_code == 302
    review = SteeringReview.objects.get()
    client.force_login(cast.executive)
    body = {"form": "validate", "point": "charter", "decision": "validated", "note": "OK"}
    assert client.post(review.get_absolute_url(), body).status_code == 302
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Kick-off" in page and "Validated" in page
    bad = client.post(review.get_absolute_url(), {"form": "validate", "point": "nope"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_interviews_feed_the_synthesis_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    for name, themes in [("Ana", "Silos, Margin"), ("Ben", "silos")]:
        body = {"form": "interview", "interviewee": name, "held_on": "2026-01-10", "themes": themes}
        assert client.post(reverse("programme:interview-list"), body).status_code == 302
    [first, second] = selectors.interview_synthesis(actor=cast.director)
    assert (first.label, first.count, second.label) == ("Silos", 2, "Margin")
    assert "What the leaders said" in client.get(reverse("programme:overview")).content.decode()


def test_list_pages_cost_constant_queries(client: Client, cast: Cast) -> None:
    client.force_login(cast.viewer)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    urls = [
        reverse("programme:review-list"),
        reverse("programme:roadmap"),
        reverse("programme:overview"),
    ]

    def add(n: int) -> None:
        review = services.review_create(actor=cast.director, title=f"R{n}", held_on=DAY)
        services.review_validate_point(
            actor=cast.director, review=review, point="charter", decision="validated"
        )
        services.milestone_create(
            actor=cast.director, phase="launch", title=f"M{n}", owner=cast.kam
        )
        challenge = services.challenge_create(actor=cast.director, kind="other", title=f"C{n}")
        services.objective_create(actor=cast.director, challenge=challenge, title=f"O{n}")

    add(0)
    before = [count(url) for url in urls]
    for n in range(1, 4):
        add(n)
    assert [count(url) for url in urls] == before
