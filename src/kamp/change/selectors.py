"""Reads of programme maturity and change management that pages, the API, the CLI and the
documents share. Each starts from a ``visible_to`` queryset."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch

from kamp.change.maturity import (
    Dimension,
    DimensionResult,
    Phase,
    as_number,
    dimension_levels,
    maturity_index,
    phase_for_index,
)
from kamp.change.models import (
    Announcement,
    AnnouncementRead,
    Assessment,
    CommunicationItem,
    Concern,
    ImprovementAction,
    PulseParticipation,
    PulseSurvey,
    Rating,
)
from kamp.change.permissions import can_read_all
from kamp.change.pulse import PulseResults, min_answers, pulse_results
from kamp.programme.models import SteeringReview
from kamp.users.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet


@dataclass(frozen=True)
class AssessmentResult:
    """An assessment's dimensions, index and phase."""

    assessment: Assessment
    dimensions: list[DimensionResult]
    index: float | None
    phase: str | None
    phase_label: str | None

    @property
    def gaps(self) -> list[DimensionResult]:
        return [d for d in self.dimensions if d.gap]


def _result(assessment: Assessment) -> AssessmentResult:
    """The results from the assessment's prefetched ratings (no query of its own)."""
    ratings: list[Rating] = list(assessment.ratings.all())
    levels = dimension_levels((r.dimension, r.level) for r in ratings)
    index = maturity_index(levels)
    phase = phase_for_index(index) if index is not None else None
    dimensions = [
        DimensionResult(
            code=code,
            label=str(label),
            level=as_number(levels.get(code)),
            target=assessment.target_for(code),
            respondents=sum(r.dimension == code for r in ratings),
            evidence=[r.evidence for r in ratings if r.dimension == code and r.evidence],
        )
        for code, label in Dimension.choices
    ]
    return AssessmentResult(
        assessment=assessment,
        dimensions=dimensions,
        index=as_number(index),
        phase=str(phase.value) if phase else None,
        phase_label=str(Phase(phase).label) if phase else None,
    )


def _with_ratings(qs: Any) -> Any:
    return qs.prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("id")))


def assessment_history(*, actor: User | AnonymousUser) -> list[AssessmentResult]:
    """Every assessment the actor may see with its index and phase, newest first (2 queries)."""
    return [_result(a) for a in _with_ratings(Assessment.objects.visible_to(actor))]


def assessment_result(*, assessment: Assessment) -> AssessmentResult:
    """One assessment's results (the caller fetched it with ``get_assessment_for``)."""
    return _result(_with_ratings(Assessment.objects.filter(pk=assessment.pk)).get())


def latest_result(*, actor: User | AnonymousUser) -> AssessmentResult | None:
    """The newest assessment the actor may see that has any rating."""
    rated = Assessment.objects.visible_to(actor).filter(ratings__isnull=False).distinct()
    latest = _with_ratings(rated).order_by("-assessed_on", "-id").first()
    return _result(latest) if latest is not None else None


def my_ratings(*, actor: User, assessment: Assessment) -> dict[str, Rating]:
    """The actor's own ratings of an assessment, by dimension."""
    rows = Rating.objects.filter(assessment=assessment, respondent=actor)
    return {r.dimension: r for r in rows}


def improvement_actions(
    *, actor: User | AnonymousUser, assessment: Assessment | None = None
) -> list[ImprovementAction]:
    """Improvement actions with their milestone and review action (one query)."""
    qs = ImprovementAction.objects.visible_to(actor).select_related(
        "assessment", "milestone__owner", "review_action__review"
    )
    if assessment is not None:
        qs = qs.filter(assessment=assessment)
    return list(qs)


def people_choices() -> list[tuple[int, str]]:
    """Everyone with a role, as (id, name) choices for owner pickers (one query)."""
    users = User.objects.filter(is_active=True, memberships__isnull=False).distinct()
    return sorted(
        ((u.pk, u.get_full_name() or u.get_username()) for u in users), key=lambda c: c[1]
    )


def review_choices() -> list[tuple[int, str]]:
    """Steering reviews, newest first, as (id, title and date) choices (one query)."""
    return [(r.pk, str(r)) for r in SteeringReview.objects.order_by("-held_on", "-id")]


def communication_plan(*, actor: User | AnonymousUser) -> list[CommunicationItem]:
    """The plan's lines by date, with their owners (one query)."""
    return list(CommunicationItem.objects.visible_to(actor).select_related("owner"))


def announcement_list(*, actor: User, unread_only: bool = False) -> list[Announcement]:
    """Announcements addressed to the actor with ``is_read`` and ``read_count`` (one query)."""
    mine = AnnouncementRead.objects.filter(announcement=OuterRef("pk"), reader=actor)
    qs = (
        Announcement.objects.visible_to(actor)
        .select_related("author")
        .annotate(is_read=Exists(mine), read_count=Count("reads", distinct=True))
    )
    if unread_only:
        qs = qs.filter(is_read=False)
    return list(qs)


def announcement_readers(*, announcement: Announcement) -> list[AnnouncementRead]:
    """Who opened an announcement, first readers first."""
    return list(announcement.reads.select_related("reader").order_by("read_at", "id"))


def pulse_list(*, actor: User) -> list[PulseSurvey]:
    """Surveys addressed to the actor, with ``answered`` and ``answer_count`` (one query)."""
    answered = PulseParticipation.objects.filter(survey=OuterRef("pk"), user=actor)
    return list(
        PulseSurvey.objects.visible_to(actor).annotate(
            answered=Exists(answered), answer_count=Count("participations", distinct=True)
        )
    )


def pulse_survey_results(*, survey: PulseSurvey) -> PulseResults:
    """The survey's results if enough people answered (see :mod:`kamp.change.pulse`)."""
    answers = [(list(s), c) for s, c in survey.responses.values_list("scores", "comment")]
    return pulse_results(survey.questions, answers, min_answers())


def concern_list(*, actor: User | AnonymousUser) -> list[Concern]:
    """Concerns and ideas the actor may see, open ones first (one query)."""
    return list(
        Concern.objects.visible_to(actor).select_related("raised_by", "answered_by", "review")
    )


def programme_change_summary(user: User | AnonymousUser) -> dict[str, Any]:
    """For the programme KPIs and the executive summary: the latest maturity index and phase,
    and the latest pulse survey's results when enough people answered.

    Empty values for anyone who may not read the programme's change management (only the
    director and executives may).
    """
    summary: dict[str, Any] = {
        "index": None,
        "phase": None,
        "phase_label": None,
        "assessed_on": None,
        "pulse": None,
    }
    if not can_read_all(user):
        return summary
    latest = latest_result(actor=user)
    if latest is not None:
        summary |= {
            "index": latest.index,
            "phase": latest.phase,
            "phase_label": latest.phase_label,
            "assessed_on": latest.assessment.assessed_on,
        }
    survey = PulseSurvey.objects.visible_to(user).order_by("-opened_on", "-id").first()
    if survey is not None:
        results = pulse_survey_results(survey=survey)
        if results.shown:
            summary["pulse"] = {
                "title": survey.title,
                "opened_on": survey.opened_on,
                "answers": results.answers,
                "questions": [{"text": q.text, "mean": q.mean} for q in results.questions],
            }
    return summary


def people_with_a_role() -> QuerySet[User]:
    """Active logins holding a role in the programme: who can be invited, or own an item."""
    return User.objects.filter(is_active=True, memberships__isnull=False).distinct()


def steering_review_choices() -> QuerySet[SteeringReview]:
    """Steering reviews a concern's answer can point to, newest first."""
    return SteeringReview.objects.order_by("-held_on")
