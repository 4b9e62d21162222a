"""API endpoints of KPIs, forecasts, opportunities and targets: same numbers as ``kamp kpi`` and
``kamp forecast``, read with the caller's unit scope; writes need the account's KAM or the
programme director (403), unseen accounts are 404."""

from __future__ import annotations

import datetime as dt  # noqa: TC003 (ninja reads the endpoint annotations at run time)
import uuid  # noqa: TC003
from decimal import Decimal  # noqa: TC003
from typing import TYPE_CHECKING, Any

from django.http import Http404
from ninja import Router, Status

from kamp.accounts.permissions import get_key_account_for
from kamp.accounts.services.common import local_today
from kamp.core.api import READ_ERRORS, WRITE_ERRORS
from kamp.performance import forecasting, selectors, services
from kamp.performance.report import kpi_payload, money
from kamp.performance.schemas import (
    ForecastOut,
    KpisOut,
    OpportunityIn,
    OpportunityOut,
    TargetIn,
    TargetOut,
)
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.performance.models import AccountTarget, Opportunity

router = Router(tags=["performance"])


@router.get("/kpis", response={200: KpisOut, **READ_ERRORS})
def get_kpis(request: HttpRequest, as_of: dt.date | None = None) -> dict[str, Any]:
    """The programme's and each key account's KPIs (method §5), within the caller's scope."""
    user = request_user(request)
    return kpi_payload(selectors.kpi_figures(actor=user, as_of=as_of or local_today()))


@router.get("/forecast", response={200: ForecastOut, **READ_ERRORS})
def get_forecast(
    request: HttpRequest,
    account: str | None = None,
    runs: int = 10_000,
    seed: int = 1,
    target: Decimal | None = None,
) -> dict[str, Any]:
    """Pipeline Monte Carlo and scenarios of one key account (its group's customer id) or all."""
    user = request_user(request)
    if account is not None and not any(
        ka.customer.source_id == account
        for ka in selectors.current_key_accounts(actor=user, as_of=local_today())
    ):
        raise Http404
    return forecasting.forecast_data(
        actor=user,
        today=local_today(),
        account=account,
        runs=min(max(runs, 1), 100_000),
        seed=seed,
        target=target,
    )


def _opportunity(o: Opportunity) -> dict[str, Any]:
    return {
        "opportunity_id": o.opportunity_id,
        "customer_id": o.customer.source_id,
        "name": o.name,
        "amount": money(o.amount),
        "probability": float(o.probability),
        "expected_close": o.expected_close,
        "stage": o.stage,
    }


@router.get("/opportunities", response={200: list[OpportunityOut], **READ_ERRORS})
def list_opportunities(request: HttpRequest) -> list[dict[str, Any]]:
    """The opportunities the caller may see, by expected close."""
    return [_opportunity(o) for o in selectors.opportunities(actor=request_user(request))]


@router.put("/opportunities/{opportunity_id}", response={200: OpportunityOut, **WRITE_ERRORS})
def put_opportunity(
    request: HttpRequest, opportunity_id: str, payload: OpportunityIn
) -> dict[str, Any]:
    """Create or update an opportunity of a key account's group (its KAM or the director)."""
    user = request_user(request)
    customer = selectors.visible_customer(actor=user, source_id=payload.customer_id)
    if customer is None:
        raise Http404
    opportunity, _created = services.opportunity_upsert(
        actor=user,
        opportunity_id=opportunity_id,
        customer=customer,
        name=payload.name,
        amount=payload.amount,
        probability=payload.probability,
        expected_close=payload.expected_close,
        stage=payload.stage,
    )
    return _opportunity(opportunity)


def _target(t: AccountTarget) -> dict[str, Any]:
    return {
        "id": t.public_id,
        "account": t.key_account.customer.source_id,
        "year": t.year,
        "quarter": t.quarter,
        "revenue": money(t.revenue),
        "margin": money(t.margin),
        "stage": t.stage,
        "stage_by": t.stage_by,
    }


@router.get(
    "/key-accounts/{key_account_id}/targets", response={200: list[TargetOut], **READ_ERRORS}
)
def list_targets(request: HttpRequest, key_account_id: uuid.UUID) -> list[dict[str, Any]]:
    """The targets of one key account, by year and quarter."""
    account = get_key_account_for(request_user(request), key_account_id)
    return [_target(t) for t in selectors.account_targets(actor=None).filter(key_account=account)]


@router.put("/key-accounts/{key_account_id}/targets", response={200: TargetOut, **WRITE_ERRORS})
def put_target(
    request: HttpRequest, key_account_id: uuid.UUID, payload: TargetIn
) -> dict[str, Any]:
    """Set the target of a year (or a quarter): the account's KAM or the programme director."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id)
    data = payload.dict()
    target = services.account_target_set(
        actor=user, key_account=account, year=data.pop("year"), quarter=data.pop("quarter"), **data
    )
    return _target(target)


@router.delete(
    "/key-accounts/{key_account_id}/targets/{target_id}", response={204: None, **WRITE_ERRORS}
)
def delete_target(
    request: HttpRequest, key_account_id: uuid.UUID, target_id: uuid.UUID
) -> Status[None]:
    """Delete one target of a key account."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id)
    target = (
        selectors.account_targets(actor=None)
        .filter(key_account=account, public_id=target_id)
        .first()
    )
    if target is None:
        raise Http404
    services.account_target_delete(actor=user, target=target)
    return Status(204, None)
