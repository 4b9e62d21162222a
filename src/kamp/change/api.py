"""API endpoints for programme maturity and change: maturity, ratings, announcements, pulse
surveys and the concerns log."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from ninja import Router, Status

from kamp.change import selectors, services
from kamp.change.commands import maturity_report
from kamp.change.permissions import (
    check_member,
    check_reader,
    get_announcement_for,
    get_assessment_for,
    get_pulse_for,
)
from kamp.change.schemas import (
    AnnouncementOut,
    AssessmentOut,
    ConcernIn,
    ConcernOut,
    MaturityOut,
    PulseAnswerIn,
    PulseResultsOut,
    RatingIn,
    RatingOut,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.change.models import Announcement, Concern

router = Router(tags=["change"])


@router.get("/change/maturity", response={200: MaturityOut, **WRITE_ERRORS})
def get_maturity(request: HttpRequest) -> dict[str, Any]:
    """The latest maturity: index, phase, dimensions (director and executives)."""
    user = request_user(request)
    check_reader(user)
    return maturity_report(user)


@router.get("/change/assessments", response={200: list[AssessmentOut], **READ_ERRORS})
def list_assessments(request: HttpRequest) -> list[dict[str, Any]]:
    """The assessments the user may see, newest first, with their index and phase."""
    user = request_user(request)
    check_member(user)
    return [
        {
            "id": r.assessment.public_id,
            "title": r.assessment.title,
            "assessed_on": r.assessment.assessed_on,
            "status": r.assessment.status,
            "index": r.index,
            "phase": r.phase,
        }
        for r in selectors.assessment_history(actor=user)
    ]


@router.post(
    "/change/assessments/{assessment_id}/ratings", response={201: RatingOut, **WRITE_ERRORS}
)
def rate(request: HttpRequest, assessment_id: uuid.UUID, payload: RatingIn) -> Status[RatingOut]:
    """Rate one dimension of an open assessment you are invited to (again to change it)."""
    user = request_user(request)
    assessment = get_assessment_for(user, assessment_id, "answer")
    rating = services.assessment_rate(actor=user, assessment=assessment, **payload.model_dump())
    out = RatingOut(dimension=rating.dimension, level=rating.level, evidence=rating.evidence)
    return Status(201, out)


def _announcement(a: Announcement) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "title": a.title,
        "body": a.body,
        "audience": a.audience,
        "published_on": a.published_on,
        "read": bool(getattr(a, "is_read", False)),
    }


@router.get("/change/announcements", response={200: list[AnnouncementOut], **READ_ERRORS})
def list_announcements(request: HttpRequest, *, unread: bool = False) -> list[dict[str, Any]]:
    """Announcements addressed to you, newest first (``unread=true``: those not opened yet)."""
    user = request_user(request)
    check_member(user)
    return [_announcement(a) for a in selectors.announcement_list(actor=user, unread_only=unread)]


@router.post(
    "/change/announcements/{announcement_id}/read", response={200: AnnouncementOut, **WRITE_ERRORS}
)
def read_announcement(request: HttpRequest, announcement_id: uuid.UUID) -> dict[str, Any]:
    """Record that you read an announcement."""
    user = request_user(request)
    announcement = get_announcement_for(user, announcement_id)
    services.announcement_mark_read(actor=user, announcement=announcement)
    return _announcement(announcement) | {"read": True}


@router.get("/change/pulses/{pulse_id}/results", response={200: PulseResultsOut, **WRITE_ERRORS})
def pulse_results(request: HttpRequest, pulse_id: uuid.UUID) -> dict[str, Any]:
    """A pulse survey's results, empty below the anonymity threshold (director, executives)."""
    user = request_user(request)
    survey = get_pulse_for(user, pulse_id)
    check_reader(user)
    results = selectors.pulse_survey_results(survey=survey)
    return {
        "id": survey.public_id,
        "title": survey.title,
        "answers": results.answers,
        "threshold": results.threshold,
        "shown": results.shown,
        "questions": [vars(q) for q in results.questions],
        "comments": results.comments,
    }


@router.post("/change/pulses/{pulse_id}/answers", response={204: None, **WRITE_ERRORS})
def answer_pulse(request: HttpRequest, pulse_id: uuid.UUID, payload: PulseAnswerIn) -> Status[None]:
    """Answer a pulse survey addressed to you, once; the answer is stored without your name."""
    user = request_user(request)
    survey = get_pulse_for(user, pulse_id, "answer")
    services.pulse_answer(actor=user, survey=survey, scores=payload.scores, comment=payload.comment)
    return Status(204, None)


def _concern(c: Concern) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "kind": c.kind,
        "text": c.text,
        "status": c.status,
        "answer": c.answer,
        "review": c.review.public_id if c.review else None,
        "created_on": c.created_at.date(),
    }


@router.get("/change/concerns", response={200: list[ConcernOut], **READ_ERRORS})
def list_concerns(request: HttpRequest) -> list[dict[str, Any]]:
    """Concerns and ideas: all of them for the director and executives, else your own."""
    user = request_user(request)
    check_member(user)
    return [_concern(c) for c in selectors.concern_list(actor=user)]


@router.post("/change/concerns", response={201: ConcernOut, **WRITE_ERRORS})
def add_concern(request: HttpRequest, payload: ConcernIn) -> Status[dict[str, Any]]:
    """Add a concern or an idea about the programme."""
    user = request_user(request)
    concern = services.concern_create(actor=user, kind=payload.kind, text=payload.text)
    return Status(201, _concern(concern))
