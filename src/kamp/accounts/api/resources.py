"""API operations on resource requests: ask a profit centre, answer, see the alignment."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Status

from kamp.accounts import selectors, services
from kamp.accounts.api.common import LIST_ERRORS, router
from kamp.accounts.permissions import get_initiative_for, get_resource_request_for
from kamp.accounts.schemas import (
    ResourceAlignmentOut,
    ResourceAnswerIn,
    ResourceRequestFilterIn,
    ResourceRequestIn,
    ResourceRequestOut,
    ResourceRequestPage,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.organisation.selectors import business_unit_by_code
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.accounts.models import ResourceRequest


@router.get(
    "/initiatives/{initiative_id}/resource-requests",
    response={200: ResourceRequestPage, **READ_ERRORS},
)
def list_initiative_requests(
    request: HttpRequest, initiative_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """What the initiative asked of the profit centres, and their answers."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id)
    return paginate(selectors.initiative_requests(initiative, actor=user), page)


@router.post(
    "/initiatives/{initiative_id}/resource-requests",
    response={201: ResourceRequestOut, **WRITE_ERRORS},
)
def create_resource_request(
    request: HttpRequest, initiative_id: uuid.UUID, payload: ResourceRequestIn
) -> Status[ResourceRequest]:
    """Ask a profit centre for people-days, budget or something else."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    unit = business_unit_by_code(payload.business_unit)
    if unit is None:
        raise ValidationError({"business_unit": _("No such business unit.")})
    created = services.resource_request_create(
        actor=user,
        initiative=initiative,
        business_unit=unit,
        kind=payload.kind,
        amount=Decimal(str(payload.amount)),
        period=payload.period,
        description=payload.description,
    )
    return Status(201, created)


@router.get("/resource-requests", response={200: ResourceRequestPage, **LIST_ERRORS})
def list_resource_requests(
    request: HttpRequest, filters: Query[ResourceRequestFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Requests you may see; ``to_answer``: your inbox, waiting longest first."""
    user = request_user(request)
    return paginate(selectors.resource_request_list(user, to_answer=filters.to_answer), page)


@router.post(
    "/resource-requests/{request_id}/answer",
    response={200: ResourceRequestOut, **WRITE_ERRORS},
)
def answer_resource_request(
    request: HttpRequest, request_id: uuid.UUID, payload: ResourceAnswerIn
) -> ResourceRequest:
    """Commit, partly commit or decline (the director of the profit centre asked)."""
    user = request_user(request)
    found = get_resource_request_for(user, request_id, "answer")
    amount = payload.committed_amount
    services.resource_request_answer(
        actor=user,
        request=found,
        version=payload.version,
        decision=payload.decision,
        committed_amount=Decimal(str(amount)) if amount is not None else None,
        comment=payload.comment,
    )
    return get_resource_request_for(user, request_id)


@router.get("/resource-alignment", response={200: ResourceAlignmentOut, **LIST_ERRORS})
def get_resource_alignment(request: HttpRequest) -> dict[str, Any]:
    """Asked vs committed per profit centre and per key account, and what waits longest."""
    return selectors.resource_alignment(request_user(request))
