"""API endpoints for the programme: charter, steering reviews and their validations, sponsorship."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kamp.accounts.permissions import get_key_account_for
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.programme import selectors, services
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
    login,
)
from kamp.programme.sponsorship import coverage
from kamp.selection.selectors import run_by_public_id
from kamp.users.api_auth import request_user
from kamp.users.selectors import user_by_username

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.programme.models import Engagement, PointValidation, SteeringReview
    from kamp.programme.services import PointValidationFields

router = Router(tags=["programme"])


@router.get("/programme/charter", response={200: CharterOut, **READ_ERRORS})
def get_charter(request: HttpRequest) -> dict[str, Any]:
    """The programme charter: business challenges with their objectives, scope, owner."""
    user = request_user(request)
    charter = services.charter_current()
    return {
        "name": charter.name,
        "scope": charter.scope,
        "owner": login(charter.owner),
        # The models themselves: the schema reads ``public_id`` as ``id`` (an already built
        # ChallengeOut has no ``public_id`` left to read, which made every charter a 500).
        "challenges": selectors.challenge_list(actor=user),
    }


@router.get("/programme/reviews", response={200: ReviewPage, **READ_ERRORS})
def list_reviews(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Steering reviews, newest first, with their validations and actions."""
    return paginate(selectors.review_queryset(actor=request_user(request)), page)


@router.post("/programme/reviews", response={201: ReviewOut, **WRITE_ERRORS})
def create_review(request: HttpRequest, payload: ReviewIn) -> Status[SteeringReview]:
    """Plan a steering review (programme director)."""
    user = request_user(request)
    check(user, "change")
    found = [user_by_username(n, active_only=False) for n in dict.fromkeys(payload.attendees)]
    attendees = [a for a in found if a is not None]
    if len(attendees) != len(found):
        raise ValidationError({"attendees": _("No such user.")})
    review = services.review_create(
        actor=user,
        title=payload.title,
        held_on=payload.held_on,
        agenda=payload.agenda,
        attendees=attendees,
    )
    return Status(201, selectors.review_detail(actor=user, review=review))


@router.get("/programme/reviews/{review_id}", response={200: ReviewOut, **READ_ERRORS})
def get_review(request: HttpRequest, review_id: uuid.UUID) -> SteeringReview:
    """One steering review."""
    user = request_user(request)
    return selectors.review_detail(actor=user, review=get_review_for(user, review_id))


@router.post(
    "/programme/reviews/{review_id}/validations", response={201: PointValidationOut, **WRITE_ERRORS}
)
def validate_point(
    request: HttpRequest, review_id: uuid.UUID, payload: PointValidationIn
) -> Status[PointValidation]:
    """Record the review's decision on a programme point (director and executives)."""
    user = request_user(request)
    review = get_review_for(user, review_id, "review")
    fields: PointValidationFields = {"note": payload.note}
    if payload.key_account is not None:
        fields["key_account"] = get_key_account_for(user, payload.key_account)
    if payload.selection_run is not None:
        run = run_by_public_id(payload.selection_run)
        if run is None:
            raise ValidationError({"selection_run": _("No such selection run.")})
        fields["selection_run"] = run
    made = services.review_validate_point(
        actor=user, review=review, point=payload.point, decision=payload.decision, **fields
    )
    return Status(201, made)


@router.get("/programme/sponsorship", response={200: SponsorshipPlanOut, **READ_ERRORS})
def sponsorship_plan(request: HttpRequest) -> SponsorshipPlanOut:
    """Sponsors x the key accounts you may see: cadence, last and next engagement, workload."""
    user = request_user(request)
    rows = selectors.sponsorship_rows(actor=user, today=timezone.localdate())
    return SponsorshipPlanOut.model_validate(
        {
            "coverage": coverage(rows),
            "accounts": rows,
            "workload": selectors.sponsor_workload(actor=user, rows=rows),
        }
    )


@router.post(
    "/key-accounts/{key_account_id}/engagements", response={201: EngagementOut, **WRITE_ERRORS}
)
def log_engagement(
    request: HttpRequest, key_account_id: uuid.UUID, payload: EngagementIn
) -> Status[Engagement]:
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
    return Status(201, made)
