"""API operations on account plans: sections, profit plan targets, copies and revisions."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Status

from kamp.accounts import selectors, services
from kamp.accounts.api.common import router
from kamp.accounts.models import SECTION_FIELDS
from kamp.accounts.permissions import get_key_account_for, get_plan_for
from kamp.accounts.schemas import (
    PlanCreateIn,
    PlanDetailOut,
    PlanPage,
    PlanPatchIn,
    PlanRevisionOut,
    ProfitTargetsIn,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.organisation.selectors import product_line_ids_by_code
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from kamp.accounts.models import AccountPlan, PlanRevision
    from kamp.users.models import User


def _detail(user: User, plan_id: uuid.UUID) -> AccountPlan:
    """The plan as ``PlanDetailOut`` reads it, with its profit-plan lines."""
    return selectors.with_plan_lines(get_plan_for(user, plan_id), actor=user)


@router.get("/key-accounts/{key_account_id}/plans", response={200: PlanPage, **READ_ERRORS})
def list_plans(
    request: HttpRequest, key_account_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """The account's plans, newest year first, with their completeness."""
    account = get_key_account_for(request_user(request), key_account_id)
    return paginate(selectors.account_plans(account), page)


@router.post("/key-accounts/{key_account_id}/plans", response={201: PlanDetailOut, **WRITE_ERRORS})
def create_plan(
    request: HttpRequest, key_account_id: uuid.UUID, payload: PlanCreateIn
) -> Status[AccountPlan]:
    """Start the plan of a year; its profit plan is filled from the year before's sales."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    plan = services.plan_create(actor=user, key_account=account, year=payload.year)
    return Status(201, _detail(user, plan.public_id))


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **READ_ERRORS})
def get_plan(request: HttpRequest, plan_id: uuid.UUID) -> AccountPlan:
    """One plan: sections, profit plan, completeness."""
    return _detail(request_user(request), plan_id)


@router.patch("/plans/{plan_id}", response={200: PlanDetailOut, **WRITE_ERRORS})
def update_plan(request: HttpRequest, plan_id: uuid.UUID, payload: PlanPatchIn) -> AccountPlan:
    """Change sections or review dates (a new revision is kept); send the version you read."""
    user = request_user(request)
    plan = get_plan_for(user, plan_id, "manage")
    unknown = set(payload.sections) - set(SECTION_FIELDS)
    if unknown:
        raise ValidationError(
            {"sections": _("Unknown sections: %(names)s") % {"names": ", ".join(sorted(unknown))}}
        )
    fields: dict[str, Any] = dict(payload.sections)
    fields.update(
        payload.model_dump(exclude_unset=True, include={"last_review_on", "next_review_on"})
    )
    services.plan_update(actor=user, plan=plan, version=payload.version, **fields)
    return _detail(user, plan_id)


@router.put("/plans/{plan_id}/targets", response={200: PlanDetailOut, **WRITE_ERRORS})
def set_plan_targets(
    request: HttpRequest, plan_id: uuid.UUID, payload: ProfitTargetsIn
) -> AccountPlan:
    """Set target revenue and margin by product line code."""
    user = request_user(request)
    plan = get_plan_for(user, plan_id, "manage")
    codes = {line.product_line for line in payload.lines}
    known = product_line_ids_by_code(codes)
    if codes - set(known):
        raise ValidationError(
            _("Unknown product lines: %(codes)s") % {"codes": ", ".join(sorted(codes - set(known)))}
        )
    targets = {
        known[line.product_line]: (
            Decimal(str(line.target_revenue)),
            Decimal(str(line.target_margin)),
        )
        for line in payload.lines
    }
    services.plan_set_targets(actor=user, plan=plan, version=payload.version, targets=targets)
    return _detail(user, plan_id)


@router.post("/plans/{plan_id}/copy", response={201: PlanDetailOut, **WRITE_ERRORS})
def copy_plan(request: HttpRequest, plan_id: uuid.UUID) -> Status[AccountPlan]:
    """Copy the plan into the next year (sections, targets; current figures from the data)."""
    user = request_user(request)
    copy = services.plan_copy(actor=user, plan=get_plan_for(user, plan_id, "manage"))
    return Status(201, _detail(user, copy.public_id))


@router.get("/plans/{plan_id}/revisions", response={200: list[PlanRevisionOut], **READ_ERRORS})
def list_plan_revisions(request: HttpRequest, plan_id: uuid.UUID) -> QuerySet[PlanRevision]:
    """Every saved version of the plan's text, newest first."""
    return selectors.plan_revisions(get_plan_for(request_user(request), plan_id))
