"""Writes of maturity assessments and of the improvement actions their gaps call for."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.change.maturity import PROPOSALS, Dimension, dimension_levels
from kamp.change.models import Assessment, ImprovementAction, Rating
from kamp.change.permissions import check_manager
from kamp.core.audit import audit_record, diff_fields
from kamp.programme import services as programme
from kamp.programme.models import Milestone, SteeringReview

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from kamp.users.models import User

#: Days ahead of today of the steering review created for accepted actions when none is planned.
REVIEW_LEAD_DAYS = 30


def _allowed(actor: User, model: Any, obj: Any, action: str) -> None:
    """Inside the write: the actor still may ``action`` the object (403 otherwise)."""
    if not model.objects.visible_to(actor, action).filter(pk=obj.pk).exists():
        raise PermissionDenied


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    title: str,
    assessed_on: dt.date,
    targets: Mapping[str, int] | None = None,
    respondents: Iterable[User] = (),
) -> Assessment:
    """Open a maturity assessment (programme director); the director answers it too."""
    check_manager(actor)
    assessment = Assessment(
        title=title, assessed_on=assessed_on, targets=dict(targets or {}), created_by=actor
    )
    assessment.full_clean()
    assessment.save()
    assessment.respondents.set([actor, *respondents])
    audit_record(actor=actor, action="assessment.create", obj=assessment)
    return assessment


@transaction.atomic
def assessment_invite(*, actor: User, assessment: Assessment, users: Iterable[User]) -> Assessment:
    """Invite people to rate the assessment (programme director)."""
    _allowed(actor, Assessment, assessment, "change")
    added = [u for u in users if u.is_active]
    assessment.respondents.add(*added)
    names = sorted(u.get_username() for u in added)
    audit_record(
        actor=actor, action="assessment.invite", obj=assessment, changes={"invited": [None, names]}
    )
    return assessment


@transaction.atomic
def assessment_rate(
    *, actor: User, assessment: Assessment, dimension: str, level: int, evidence: str = ""
) -> Rating:
    """Record (or change) the actor's level for one dimension of an open assessment."""
    _allowed(actor, Assessment, assessment, "answer")
    if dimension not in Dimension.values:
        raise ValidationError({"dimension": _("Choose one of the eight dimensions.")})
    rating = Rating.objects.filter(
        assessment=assessment, respondent=actor, dimension=dimension
    ).first() or Rating(assessment=assessment, respondent=actor, dimension=dimension)
    before = {"level": rating.level, "evidence": rating.evidence} if rating.pk else {}
    rating.level, rating.evidence = level, evidence.strip()
    rating.full_clean()
    rating.save()
    changes = diff_fields(before, {"level": level, "evidence": rating.evidence})
    audit_record(actor=actor, action="assessment.rate", obj=assessment, changes=changes)
    return rating


@transaction.atomic
def assessment_close(*, actor: User, assessment: Assessment) -> Assessment:
    """Close an assessment to answers (programme director)."""
    _allowed(actor, Assessment, assessment, "change")
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.CLOSED)
    assessment.status = Assessment.Status.CLOSED
    audit_record(
        actor=actor,
        action="assessment.close",
        obj=assessment,
        changes={"status": ["open", "closed"]},
    )
    return assessment


@transaction.atomic
def assessment_propose_actions(*, actor: User, assessment: Assessment) -> list[ImprovementAction]:
    """Propose the improvement actions of every dimension below its target (director).

    Proposals already made for the assessment are not repeated, so this can run again after
    more ratings arrive.
    """
    _allowed(actor, Assessment, assessment, "change")
    levels = dimension_levels(assessment.ratings.values_list("dimension", "level"))
    existing = set(assessment.actions.values_list("dimension", "title"))
    made = []
    for dimension, level in levels.items():
        if level >= assessment.target_for(dimension):
            continue
        for title in PROPOSALS[dimension]:
            if (dimension, str(title)) not in existing:
                action = ImprovementAction(
                    assessment=assessment, dimension=dimension, title=str(title)
                )
                action.full_clean()
                action.save()
                made.append(action)
    if made:
        audit_record(
            actor=actor,
            action="assessment.propose",
            obj=assessment,
            changes={"proposed": [None, len(made)]},
        )
    return made


@transaction.atomic
def improvement_action_create(
    *, actor: User, assessment: Assessment, dimension: str, title: str
) -> ImprovementAction:
    """Propose an improvement action of the director's own for a dimension."""
    _allowed(actor, Assessment, assessment, "change")
    action = ImprovementAction(assessment=assessment, dimension=dimension, title=title.strip())
    action.full_clean()
    action.save()
    audit_record(actor=actor, action="improvement.create", obj=action)
    return action


def _review_for_actions(actor: User, today: dt.date) -> SteeringReview:
    """The next planned steering review, or a new one a month ahead when none is planned."""
    planned = (
        SteeringReview.objects.filter(status=SteeringReview.Status.PLANNED, held_on__gte=today)
        .order_by("held_on", "id")
        .first()
    )
    if planned is not None:
        return planned
    return programme.review_create(
        actor=actor,
        title=_("Steering review: programme maturity"),
        held_on=today + dt.timedelta(days=REVIEW_LEAD_DAYS),
    )


@transaction.atomic
def improvement_action_accept(
    *,
    actor: User,
    action: ImprovementAction,
    owner: User | None = None,
    due_on: dt.date | None = None,
    review: SteeringReview | None = None,
) -> ImprovementAction:
    """Put an improvement action on the roadmap (programme director).

    Creates a milestone in the roadmap's continuous-improvement phase and an action of the
    steering review that will follow it (``review``, else the next planned one, else a new
    review a month ahead), both through the programme's services.
    """
    _allowed(actor, ImprovementAction, action, "change")
    if action.status != ImprovementAction.Status.PROPOSED:
        raise ValidationError(_("Only a proposed action can be accepted."))
    review = review or _review_for_actions(actor, timezone.localdate())
    action.milestone = programme.milestone_create(
        actor=actor,
        phase=Milestone.Phase.IMPROVEMENT,
        title=action.title[:200],
        owner=owner,
        due_on=due_on,
    )
    action.review_action = programme.review_action_create(
        actor=actor, review=review, title=action.title, owner=owner, due_on=due_on
    )
    action.status = ImprovementAction.Status.ACCEPTED
    action.save(update_fields=["milestone", "review_action", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="improvement.accept",
        obj=action,
        changes={"status": ["proposed", "accepted"]},
    )
    return action


@transaction.atomic
def improvement_action_dismiss(*, actor: User, action: ImprovementAction) -> ImprovementAction:
    """Set a proposed action aside (programme director)."""
    _allowed(actor, ImprovementAction, action, "change")
    if action.status != ImprovementAction.Status.PROPOSED:
        raise ValidationError(_("Only a proposed action can be dismissed."))
    action.status = ImprovementAction.Status.DISMISSED
    action.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="improvement.dismiss",
        obj=action,
        changes={"status": ["proposed", "dismissed"]},
    )
    return action


@transaction.atomic
def improvement_action_complete(*, actor: User, action: ImprovementAction) -> ImprovementAction:
    """Mark an accepted action done: its milestone and its steering-review action with it.

    The milestone's status is the action's progress; a milestone marked done on the roadmap
    shows the action done here without calling this.
    """
    _allowed(actor, ImprovementAction, action, "change")
    if action.status != ImprovementAction.Status.ACCEPTED or action.milestone is None:
        raise ValidationError(_("Accept the action before marking it done."))
    programme.milestone_update(actor=actor, milestone=action.milestone, status="done")
    if action.review_action is not None and not action.review_action.done:
        programme.review_action_complete(actor=actor, action=action.review_action)
    return action
