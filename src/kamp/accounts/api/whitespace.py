"""API operations on the white-space matrix."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query  # noqa: TC002 (ninja reads the endpoint annotations at run time)

from kamp.accounts import selectors, services
from kamp.accounts.api.common import router
from kamp.accounts.permissions import get_key_account_for
from kamp.accounts.schemas import WhiteSpaceFilterIn, WhiteSpaceMarkIn, WhiteSpaceOut
from kamp.core.api import READ_ERRORS, WRITE_ERRORS
from kamp.organisation.selectors import country_by_code, product_line_by_code
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest


@router.get(
    "/key-accounts/{key_account_id}/white-space", response={200: WhiteSpaceOut, **READ_ERRORS}
)
def get_white_space(
    request: HttpRequest, key_account_id: uuid.UUID, filters: Query[WhiteSpaceFilterIn]
) -> dict[str, Any]:
    """Countries (or divisions) x product lines: sold, open, white space, competitor-held;
    totals and the biggest gaps."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id)
    return selectors.white_space(account, filters.by, actor=user)


@router.put(
    "/key-accounts/{key_account_id}/white-space/cells",
    response={200: WhiteSpaceOut, **WRITE_ERRORS},
)
def mark_white_space(
    request: HttpRequest, key_account_id: uuid.UUID, payload: WhiteSpaceMarkIn
) -> dict[str, Any]:
    """Mark one cell of a country or a division: status, wallet estimate, competitor."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    country = country_by_code(payload.country) if payload.country else None
    division = selectors.division_by_customer_id(payload.division) if payload.division else None
    line = product_line_by_code(payload.product_line)
    if (
        line is None
        or (payload.country and country is None)
        or (payload.division and division is None)
    ):
        raise ValidationError(_("Unknown country, division or product line."))
    wallet = payload.wallet_estimate
    services.white_space_mark(
        actor=user,
        key_account=account,
        country=country,
        division=division,
        product_line=line,
        status=payload.status,
        wallet_estimate=Decimal(str(wallet)) if wallet is not None else None,
        competitor=payload.competitor,
    )
    by: selectors.WhiteSpaceBy = "division" if division else "country"
    return selectors.white_space(account, by, actor=user)
