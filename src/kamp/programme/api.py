"""API endpoints for the programme: charter, steering reviews and their validations, sponsorship."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kamp.accounts.permissions import get_key_account_for
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.programme import selectors, services
from kamp.programme.models import PointValidation, ReviewAction, SteeringReview
from kamp.programme.permissions import check, get_review_for
from kamp.programme.schemas import (
    CharterOut,
    EngagementIn,
    EngagementOut,
    PointValidationIn,
    PointValidationOut,
    ReviewIn,
    ReviewOut,
    ReviewPage,
    SponsorshipPlanOut,
)
from kamp.programme.sponsorship import coverage
from kamp.selection.models import SelectionRun
from kamp.users.api_auth import request_user
from kamp.users.models import User

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.programme.models import Engagement

router = Router(tags=["programme"])


def _login(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


def _validation(v: PointValidation) -> dict[str, Any]:
    return {
        "point": v.point,
        "decision": v.decision,
        "selection_run": v.selection_run.public_id if v.selection_run else None,
        "key_account": v.key_account.public_id if v.key_account else None,
        "note": v.note,
        "decided_by": _login(v.decided_by),
    }


def _review(r: SteeringReview) -> dict[str, Any]:
    return {
        "id": r.public_id,
        "title": r.title,
        "held_on": r.held_on,
        "status": r.status,
        "attendees": [a.get_username() for a in r.attendees.all()],
        "agenda": r.agenda,
        "decisions": r.decisions,
        "validations": [_validation(v) for v in r.validations.all()],
        "actions": [
            {"id": a.public_id, "title": a.title, "owner": _login(a.owner), "due_on": a.due_on}
            | {"done": a.done}
            for a in r.actions.all()
        ],
    }


def _reviews() -> Any:
    return SteeringReview.objects.prefetch_related(
        "attendees",
        Prefetch(
            "validations",
            queryset=PointValidation.objects.select_related(
                "selection_run", "key_account", "decided_by"
            ),
        ),
        Prefetch("actions", queryset=ReviewAction.objects.select_related("owner")),
    )


@router.get("/programme/charter", response={200: CharterOut, **READ_ERRORS})
def get_charter(request: HttpRequest) -> dict[str, Any]:
    """The programme charter: business challenges with their objectives, scope, owner."""
    user = request_user(request)
    charter = services.charter_current()
    challenges = selectors.challenge_list(actor=user)
    return {
        "name": charter.name,
        "scope": charter.scope,
        "owner": _login(charter.owner),
        "challenges": [
            {
                "id": c.public_id,
                "kind": c.kind,
                "title": c.title,
                "description": c.description,
                "objectives": [
                    {"id": o.public_id, "title": o.title, "kpi": o.kpi, "target": o.target}
                    | {"due_on": o.due_on}
                    for o in c.objectives.all()
                ],
            }
            for c in challenges
        ],
    }


@router.get("/programme/reviews", response={200: ReviewPage, **READ_ERRORS})
def list_reviews(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Steering reviews, newest first, with their validations and actions."""
    check(request_user(request), "view")
    return paginate(_reviews(), page, _review)


@router.post("/programme/reviews", response={201: ReviewOut, **WRITE_ERRORS})
def create_review(request: HttpRequest, payload: ReviewIn) -> Status[dict[str, Any]]:
    """Plan a steering review (programme director)."""
    user = request_user(request)
    check(user, "change")
    attendees = list(User.objects.filter(username__in=payload.attendees))
    if len(attendees) != len(set(payload.attendees)):
        raise ValidationError({"attendees": _("No such user.")})
    review = services.review_create(
        actor=user,
        title=payload.title,
        held_on=payload.held_on,
        agenda=payload.agenda,
        attendees=attendees,
    )
    return Status(201, _review(_reviews().get(pk=review.pk)))


@router.get("/programme/reviews/{review_id}", response={200: ReviewOut, **READ_ERRORS})
def get_review(request: HttpRequest, review_id: uuid.UUID) -> dict[str, Any]:
    """One steering review."""
    review = get_review_for(request_user(request), review_id)
    return _review(_reviews().get(pk=review.pk))


@router.post(
    "/programme/reviews/{review_id}/validations", response={201: PointValidationOut, **WRITE_ERRORS}
)
def validate_point(
    request: HttpRequest, review_id: uuid.UUID, payload: PointValidationIn
) -> Status[dict[str, Any]]:
    """Record the review's decision on a programme point (director and executives)."""
    user = request_user(request)
    review = get_review_for(user, review_id, "review")
    fields: dict[str, Any] = {"note": payload.note}
    if payload.key_account is not None:
        fields["key_account"] = get_key_account_for(user, payload.key_account)
    if payload.selection_run is not None:
        run = SelectionRun.objects.filter(public_id=payload.selection_run).first()
        if run is None:
            raise ValidationError({"selection_run": _("No such selection run.")})
        fields["selection_run"] = run
    made = services.review_validate_point(
        actor=user, review=review, point=payload.point, decision=payload.decision, **fields
    )
    return Status(201, _validation(made))


@router.get("/programme/sponsorship", response={200: SponsorshipPlanOut, **READ_ERRORS})
def sponsorship_plan(request: HttpRequest) -> dict[str, Any]:
    """Sponsors x the key accounts you may see: cadence, last and next engagement, workload."""
    user = request_user(request)
    rows = selectors.sponsorship_rows(actor=user, today=timezone.localdate())
    return {
        "coverage": coverage(rows),
        "accounts": [{"key_account": r.account_id, **r.__dict__} for r in rows],
        "workload": [load.__dict__ for load in selectors.sponsor_workload(actor=user, rows=rows)],
    }


def _engagement(e: Engagement) -> dict[str, Any]:
    return {
        "id": e.public_id,
        "kind": e.kind,
        "held_on": e.held_on,
        "sponsor": _login(e.sponsor),
        "summary": e.summary,
    }


@router.post(
    "/key-accounts/{key_account_id}/engagements", response={201: EngagementOut, **WRITE_ERRORS}
)
def log_engagement(
    request: HttpRequest, key_account_id: uuid.UUID, payload: EngagementIn
) -> Status[dict[str, Any]]:
    """Log a sponsor engagement with a key account (its sponsor or the programme director)."""
    user = request_user(request)
    check(user, "view")
    account = get_key_account_for(user, key_account_id)
    made = services.engagement_log(
        actor=user,
        key_account=account,
        kind=payload.kind,
        held_on=payload.held_on,
        summary=payload.summary,
    )
    return Status(201, _engagement(made))
