"""Writes of listening: anonymous pulse surveys and the concerns and ideas log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.change.models import Concern, PulseParticipation, PulseResponse, PulseSurvey
from kamp.change.permissions import check_manager, check_member
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from kamp.programme.models import SteeringReview
    from kamp.users.models import User

SCALE = range(1, 6)


@transaction.atomic
def pulse_create(
    *,
    actor: User,
    title: str,
    audience: str,
    questions: Sequence[str],
    opened_on: dt.date,
    free_text: str = "",
) -> PulseSurvey:
    """Open a pulse survey of an audience (programme director)."""
    check_manager(actor)
    survey = PulseSurvey(
        title=title,
        audience=audience,
        questions=[q.strip() for q in questions if q.strip()],
        free_text=free_text.strip(),
        opened_on=opened_on,
    )
    survey.full_clean()
    survey.save()
    audit_record(actor=actor, action="pulse.create", obj=survey)
    return survey


@transaction.atomic
def pulse_close(*, actor: User, survey: PulseSurvey) -> PulseSurvey:
    """Stop taking answers (programme director)."""
    check_manager(actor)
    PulseSurvey.objects.filter(pk=survey.pk).update(status=PulseSurvey.Status.CLOSED)
    survey.status = PulseSurvey.Status.CLOSED
    audit_record(
        actor=actor, action="pulse.close", obj=survey, changes={"status": ["open", "closed"]}
    )
    return survey


@transaction.atomic
def pulse_answer(
    *, actor: User, survey: PulseSurvey, scores: Sequence[int], comment: str = ""
) -> None:
    """Answer a pulse survey once, anonymously.

    Two unrelated rows are written: the answer (no person, no time) and the marker that the
    actor answered (no content). The audit trail names the survey, never the answer. Returns
    nothing, so that no caller can hold the answer together with the person.
    """
    if not PulseSurvey.objects.visible_to(actor, "answer").filter(pk=survey.pk).exists():
        raise PermissionDenied
    if len(scores) != len(survey.questions) or any(s not in SCALE for s in scores):
        raise ValidationError({"scores": _("Give every question a score from 1 to 5.")})
    try:
        with transaction.atomic():
            PulseParticipation.objects.create(survey=survey, user=actor)
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey.")) from None
    PulseResponse.objects.create(survey=survey, scores=list(scores), comment=comment.strip())
    audit_record(actor=actor, action="pulse.answer", obj=survey)


@transaction.atomic
def concern_create(*, actor: User, kind: str, text: str) -> Concern:
    """Add a concern or an idea to the log (anyone with a role)."""
    check_member(actor)
    concern = Concern(kind=kind, text=text.strip(), raised_by=actor)
    concern.full_clean()
    concern.save()
    audit_record(actor=actor, action="concern.create", obj=concern)
    return concern


@transaction.atomic
def concern_answer(
    *, actor: User, concern: Concern, answer: str, review: SteeringReview | None = None
) -> Concern:
    """Answer a concern or idea, naming the steering review that dealt with it (director)."""
    check_manager(actor)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    concern.answer, concern.review = answer.strip(), review
    concern.status, concern.answered_by = Concern.Status.ANSWERED, actor
    concern.answered_on = timezone.localdate()
    concern.full_clean()
    concern.save()
    audit_record(
        actor=actor,
        action="concern.answer",
        obj=concern,
        changes={"status": ["open", "answered"], "review": [None, str(review) if review else None]},
    )
    return concern
