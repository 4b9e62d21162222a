"""Writes on resource requests: asking a profit centre, and its director's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    ANSWER_ROLES,
    ResourceRequest,
    StrategicInitiative,
)
from kamp.accounts.services.common import ZERO, bump_version, require_initiative_right
from kamp.core.audit import audit_record
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    from decimal import Decimal

    from kamp.organisation.models import BusinessUnit
    from kamp.users.models import User


@transaction.atomic
def resource_request_create(
    *,
    actor: User,
    initiative: StrategicInitiative,
    business_unit: BusinessUnit,
    kind: str,
    amount: Decimal,
    period: str,
    description: str = "",
) -> ResourceRequest:
    """Ask a profit centre for people-days, budget or something else for an initiative."""
    require_initiative_right(actor, initiative, "change")
    request = ResourceRequest(
        initiative=initiative,
        business_unit=business_unit,
        kind=kind,
        amount=amount,
        period=period,
        description=description,
        requested_by=actor,
    )
    request.full_clean()
    if amount <= 0:
        raise ValidationError({"amount": _("Ask for more than zero.")})
    request.save()
    audit_record(
        actor=actor,
        action="resource_request.create",
        obj=request,
        changes={"amount": [None, str(amount)], "unit": [None, business_unit.code]},
    )
    return request


def _committed(request: ResourceRequest, decision: str, amount: Decimal | None) -> Decimal:
    """The amount a decision commits, checked against what was asked."""
    Kind = ResourceRequest.Status
    if decision == Kind.COMMITTED:
        return request.amount
    if decision == Kind.DECLINED:
        return ZERO
    if amount is None or not ZERO < amount < request.amount:
        raise ValidationError(
            {"committed_amount": _("A partial commitment is more than zero and less than asked.")}
        )
    return amount


@transaction.atomic
def resource_request_answer(
    *,
    actor: User,
    request: ResourceRequest,
    version: int,
    decision: str,
    committed_amount: Decimal | None = None,
    comment: str = "",
) -> ResourceRequest:
    """Commit, partly commit or decline a pending request (its profit centre's director)."""
    directed = reach(actor, ANSWER_ROLES)
    if not (directed.everything or request.business_unit_id in directed.unit_ids):
        raise PermissionDenied
    answers = {
        ResourceRequest.Status.COMMITTED,
        ResourceRequest.Status.PARTLY_COMMITTED,
        ResourceRequest.Status.DECLINED,
    }
    if decision not in answers:
        raise ValidationError({"decision": _("Commit, partly commit or decline.")})
    stored = ResourceRequest.objects.get(pk=request.pk)
    if stored.status != ResourceRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if decision != ResourceRequest.Status.COMMITTED and not comment.strip():
        raise ValidationError({"comment": _("Say why, so the KAM can plan around it.")})
    committed = _committed(stored, decision, committed_amount)
    bump_version(ResourceRequest, stored.pk, version, _("request"))
    request.status, request.committed_amount = decision, committed
    request.answer_comment, request.answered_by = comment.strip(), actor
    request.answered_at, request.version = timezone.now(), version + 1
    request.save()
    audit_record(
        actor=actor,
        action="resource_request.answer",
        obj=request,
        changes={"status": ["pending", decision], "committed": [None, str(committed)]},
    )
    return request
