"""Every write on the programme's governance goes through these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import KeyAccount
from kamp.core.audit import audit_record, diff_fields
from kamp.programme.models import (
    BusinessChallenge,
    Charter,
    Engagement,
    Interview,
    Milestone,
    Objective,
    PointValidation,
    ReviewAction,
    Sponsorship,
    SteeringReview,
)
from kamp.programme.permissions import can, check

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from django.db.models import Model

    from kamp.customers.models import Contact
    from kamp.selection.models import SelectionRun
    from kamp.users.models import User


class CharterFields(TypedDict, total=False):
    """What :func:`charter_update` may change."""

    name: str
    scope: str
    owner: User | None


class ObjectiveFields(TypedDict, total=False):
    """An objective's optional details."""

    kpi: str
    target: str
    due_on: dt.date | None


class InterviewFields(TypedDict, total=False):
    """A management interview (``interviewee`` and ``held_on`` are required by the model)."""

    interviewee: str
    position: str
    held_on: dt.date
    expectations: str
    concerns: str
    quotes: str


class ReviewFields(TypedDict, total=False):
    """What :func:`review_update` may change."""

    title: str
    held_on: dt.date
    agenda: str
    decisions: str
    status: str


class PointValidationFields(TypedDict, total=False):
    """What a point validation may name, and its note."""

    selection_run: SelectionRun | None
    key_account: KeyAccount | None
    note: str


class ReviewActionFields(TypedDict, total=False):
    """A review action's optional details."""

    owner: User | None
    due_on: dt.date | None


class MilestoneFields(TypedDict, total=False):
    """A milestone's optional details."""

    owner: User | None
    due_on: dt.date | None
    status: str


class MilestoneChanges(MilestoneFields, total=False):
    """What :func:`milestone_update` may change."""

    title: str


def _create[M: Model](actor: User, obj: M, action: str) -> M:
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj)
    return obj


def _update[M: Model](actor: User, obj: M, action: str, fields: Mapping[str, Any]) -> M:
    before = {key: getattr(obj, key) for key in fields}
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.full_clean()
    changes = diff_fields(before, dict(fields))
    if changes:
        obj.save()
        audit_record(actor=actor, action=action, obj=obj, changes=changes)
    return obj


def charter_current() -> Charter:
    """The programme's charter (an empty one is created on first use)."""
    charter = Charter.objects.order_by("id").first()
    return charter or Charter.objects.create(name="")


@transaction.atomic
def charter_update(*, actor: User, **fields: Unpack[CharterFields]) -> Charter:
    """Set the charter's name, scope or owner (programme director)."""
    check(actor, "change")
    unknown = set(fields) - {"name", "scope", "owner"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return _update(actor, charter_current(), "charter.update", fields)


@transaction.atomic
def challenge_create(
    *, actor: User, kind: str, title: str, description: str = ""
) -> BusinessChallenge:
    """Add a business challenge the programme serves (programme director)."""
    check(actor, "change")
    challenge = BusinessChallenge(
        charter=charter_current(), kind=kind, title=title, description=description
    )
    return _create(actor, challenge, "challenge.create")


@transaction.atomic
def objective_create(
    *, actor: User, challenge: BusinessChallenge, title: str, **fields: Unpack[ObjectiveFields]
) -> Objective:
    """Tie an objective (indicator, target, due date) to a business challenge."""
    check(actor, "change")
    return _create(actor, Objective(challenge=challenge, title=title, **fields), "objective.create")


@transaction.atomic
def interview_create(
    *, actor: User, themes: Iterable[str] = (), **fields: Unpack[InterviewFields]
) -> Interview:
    """Record a management interview; themes are cleaned of blanks and duplicates."""
    check(actor, "change")
    cleaned = list(dict.fromkeys(t.strip() for t in themes if t.strip()))
    return _create(actor, Interview(themes=cleaned, **fields), "interview.create")


@transaction.atomic
def review_create(
    *,
    actor: User,
    title: str,
    held_on: dt.date,
    agenda: str = "",
    attendees: Iterable[User] = (),
) -> SteeringReview:
    """Plan a steering review (programme director)."""
    check(actor, "change")
    review = _create(
        actor, SteeringReview(title=title, held_on=held_on, agenda=agenda), "review.create"
    )
    review.attendees.set(list(attendees))
    return review


@transaction.atomic
def review_update(
    *,
    actor: User,
    review: SteeringReview,
    attendees: Iterable[User] | None = None,
    **fields: Unpack[ReviewFields],
) -> SteeringReview:
    """Record the review's decisions, status or attendees (director and executives)."""
    check(actor, "review")
    unknown = set(fields) - {"title", "held_on", "agenda", "decisions", "status"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    review = _update(actor, SteeringReview.objects.get(pk=review.pk), "review.update", fields)
    if attendees is not None:
        review.attendees.set(list(attendees))
    return review


@transaction.atomic
def review_validate_point(
    *,
    actor: User,
    review: SteeringReview,
    point: str,
    decision: str,
    **fields: Unpack[PointValidationFields],
) -> PointValidation:
    """Record the review's decision on a programme point (director and executives).

    ``fields`` may name the ``selection_run`` or ``key_account`` concerned and add a ``note``.
    The review counts as held once it has decided anything.
    """
    check(actor, "review")
    validation = PointValidation(
        review=review, point=point, decision=decision, decided_by=actor, **fields
    )
    validation.full_clean()
    validation.save()
    audit_record(
        actor=actor,
        action="review.validate",
        obj=review,
        changes={"point": [None, point], "decision": [None, decision]},
    )
    if review.status != SteeringReview.Status.HELD:
        SteeringReview.objects.filter(pk=review.pk).update(status=SteeringReview.Status.HELD)
        review.status = SteeringReview.Status.HELD
    return validation


@transaction.atomic
def review_action_create(
    *, actor: User, review: SteeringReview, title: str, **fields: Unpack[ReviewActionFields]
) -> ReviewAction:
    """Add an action decided in the review (director and executives)."""
    check(actor, "review")
    return _create(actor, ReviewAction(review=review, title=title, **fields), "action.create")


@transaction.atomic
def review_action_complete(*, actor: User, action: ReviewAction) -> ReviewAction:
    """Mark an action done: its owner, the director or an executive."""
    if action.owner_id != actor.pk:
        check(actor, "review")
    return _update(actor, action, "action.complete", {"done": True})


@transaction.atomic
def milestone_create(
    *, actor: User, phase: str, title: str, **fields: Unpack[MilestoneFields]
) -> Milestone:
    """Put a milestone on the roadmap (programme director)."""
    check(actor, "change")
    return _create(actor, Milestone(phase=phase, title=title, **fields), "milestone.create")


@transaction.atomic
def milestone_update(
    *, actor: User, milestone: Milestone, **fields: Unpack[MilestoneChanges]
) -> Milestone:
    """Move a milestone's status, date or owner (programme director)."""
    check(actor, "change")
    unknown = set(fields) - {"status", "due_on", "owner", "title"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return _update(actor, milestone, "milestone.update", fields)


@transaction.atomic
def sponsorship_update(
    *,
    actor: User,
    key_account: KeyAccount,
    counterpart: Contact | None = None,
    cadence_days: int | None = None,
) -> Sponsorship:
    """Set the counterpart at the customer and the cadence of a key account (director).

    The counterpart must work in the account's customer group; an empty cadence means the
    tier's default.
    """
    check(actor, "change")
    if not KeyAccount.objects.visible_to(actor).filter(pk=key_account.pk).exists():
        raise PermissionDenied
    if counterpart is not None and counterpart.customer.head != key_account.customer:
        raise ValidationError({"counterpart": _("Choose someone in the account's customer group.")})
    details, _created = Sponsorship.objects.get_or_create(key_account=key_account)
    fields = {"counterpart": counterpart, "cadence_days": cadence_days}
    return _update(actor, details, "sponsorship.update", fields)


def can_log_engagement(actor: User, key_account: KeyAccount) -> bool:
    """The account's sponsor and the programme director log engagements."""
    return (key_account.sponsor_id is not None and key_account.sponsor_id == actor.pk) or can(
        actor, "change"
    )


@transaction.atomic
def engagement_log(
    *, actor: User, key_account: KeyAccount, kind: str, held_on: dt.date, summary: str = ""
) -> Engagement:
    """Log a sponsor engagement (meeting, call, escalation handled) with a key account."""
    check(actor, "view")
    if not can_log_engagement(actor, key_account):
        raise PermissionDenied
    engagement = Engagement(
        key_account=key_account,
        sponsor_id=key_account.sponsor_id,
        kind=kind,
        held_on=held_on,
        summary=summary,
    )
    return _create(actor, engagement, "engagement.log")
