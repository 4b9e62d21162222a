"""Pulse surveys stay anonymous; the concerns log is answered and tied to a steering review."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from kamp.change import selectors, services
from kamp.change.models import Concern, PulseParticipation, PulseResponse, PulseSurvey
from kamp.change.pulse import pulse_results
from kamp.core.models import AuditEvent
from kamp.organisation.models import Membership
from kamp.organisation.tests.factories import MembershipFactory, UserFactory
from kamp.programme import services as programme

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

    from conftest import Cast
    from kamp.users.models import User

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def _kams(count: int) -> list[User]:
    users = []
    for n in range(count):
        user = UserFactory.create(username=f"kam{n}")
        MembershipFactory.create(user=user, role=Membership.Role.KAM)
        users.append(user)
    return users


def _survey(cast: Cast, audience: str = "kams") -> PulseSurvey:
    return services.pulse_create(
        actor=cast.director,
        title="Pulse",
        audience=audience,
        questions=["Clear?", "Useful?"],
        opened_on=DAY,
    )


def test_results_need_five_answers(cast: Cast) -> None:
    survey = _survey(cast)
    people = _kams(5)
    for person in people[:4]:
        services.pulse_answer(actor=person, survey=survey, scores=[4, 2], comment="ok")
    hidden = selectors.pulse_survey_results(survey=survey)
    assert (hidden.answers, hidden.shown, hidden.questions, hidden.comments) == (4, False, [], [])
    services.pulse_answer(actor=people[4], survey=survey, scores=[5, 3])
    shown = selectors.pulse_survey_results(survey=survey)
    assert shown.shown and shown.answers == 5
    assert [(q.mean, q.distribution) for q in shown.questions] == [
        (4.2, [0, 0, 0, 4, 1]),
        (2.2, [0, 4, 1, 0, 0]),
    ]
    assert shown.comments == ["ok"] * 4


def test_the_threshold_is_configurable(cast: Cast, settings: Settings) -> None:
    settings.KAMP_PULSE_MIN_ANSWERS = 3
    survey = _survey(cast)
    for person in _kams(3):
        services.pulse_answer(actor=person, survey=survey, scores=[3, 3])
    assert selectors.pulse_survey_results(survey=survey).shown
    assert pulse_results(["q"], [([1], "")], 1).threshold == 1


def test_no_answer_can_be_linked_to_its_author(cast: Cast) -> None:
    survey = _survey(cast)
    person = _kams(1)[0]
    services.pulse_answer(actor=person, survey=survey, scores=[1, 5], comment="Worried")
    fields = PulseResponse._meta.get_fields()
    assert not [f for f in fields if f.is_relation and f.related_model is not PulseSurvey]
    assert not [f for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
    assert isinstance(PulseResponse._meta.pk, models.UUIDField)
    participation = PulseParticipation.objects.get()
    assert {f.name for f in PulseParticipation._meta.get_fields()} == {"id", "survey", "user"}
    assert participation.user == person
    event = AuditEvent.objects.get(action="pulse.answer")
    response = PulseResponse.objects.get()
    assert event.object_id == str(survey.pk) and str(response.pk) not in str(event.changes)
    assert "Worried" not in str(event.changes)


def test_one_answer_each_and_only_from_the_audience(cast: Cast) -> None:
    survey = _survey(cast)
    person = _kams(1)[0]
    services.pulse_answer(actor=person, survey=survey, scores=[3, 3])
    with pytest.raises(PermissionDenied):
        services.pulse_answer(actor=person, survey=survey, scores=[3, 3])
    with pytest.raises(PermissionDenied):
        services.pulse_answer(actor=cast.pcdirector, survey=survey, scores=[3, 3])
    company = _survey(cast, "company")
    with pytest.raises(ValidationError):
        services.pulse_answer(actor=cast.viewer, survey=company, scores=[6, 3])
    with pytest.raises(ValidationError):
        services.pulse_answer(actor=cast.viewer, survey=company, scores=[3])
    services.pulse_close(actor=cast.director, survey=company)
    with pytest.raises(PermissionDenied):
        services.pulse_answer(actor=cast.viewer, survey=company, scores=[3, 3])
    assert PulseResponse.objects.count() == 1


def test_a_concern_is_answered_and_tied_to_a_review(cast: Cast) -> None:
    concern = services.concern_create(actor=cast.member, kind="concern", text="Too much admin")
    services.concern_create(actor=cast.kam, kind="idea", text="Share Gold summaries")
    assert [c.text for c in selectors.concern_list(actor=cast.member)] == ["Too much admin"]
    assert len(selectors.concern_list(actor=cast.executive)) == 2
    assert selectors.concern_list(actor=cast.outsider) == []
    review = programme.review_create(actor=cast.director, title="Q2", held_on=DAY)
    services.concern_answer(
        actor=cast.director, concern=concern, answer="Fewer fields", review=review
    )
    concern.refresh_from_db()
    assert (concern.status, concern.review, concern.answered_by) == (
        Concern.Status.ANSWERED,
        review,
        cast.director,
    )
    with pytest.raises(PermissionDenied):
        services.concern_answer(actor=cast.executive, concern=concern, answer="No")
    with pytest.raises(ValidationError):
        services.concern_answer(actor=cast.director, concern=concern, answer=" ")
