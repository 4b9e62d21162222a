"""API operations on key accounts: list, read, assign KAM, tier and status, profile, stages."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query  # noqa: TC002 (ninja reads the endpoint annotations at run time)

from kamp.accounts import selectors, services
from kamp.accounts.api.common import LIST_ERRORS, person, router
from kamp.accounts.permissions import get_key_account_for
from kamp.accounts.schemas import (
    KeyAccountFilterIn,
    KeyAccountOut,
    KeyAccountPage,
    KeyAccountPatchIn,
    KeyAccountProfileIn,
    StageChangeOut,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.organisation.selectors import business_units_by_codes, countries_by_codes
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from typing import Any

    from django.db.models import QuerySet
    from django.http import HttpRequest

    from kamp.accounts.models import KeyAccount, RelationshipStageChange


@router.get("/key-accounts", response={200: KeyAccountPage, **LIST_ERRORS})
def list_key_accounts(
    request: HttpRequest, filters: Query[KeyAccountFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Key accounts whose group you may see."""
    visible = selectors.key_account_list(request_user(request), status=None, with_scope=True)
    return paginate(filters.filter(visible), page)


@router.get("/key-accounts/{key_account_id}", response={200: KeyAccountOut, **READ_ERRORS})
def get_key_account(request: HttpRequest, key_account_id: uuid.UUID) -> KeyAccount:
    """One key account."""
    return get_key_account_for(request_user(request), key_account_id)


@router.patch("/key-accounts/{key_account_id}", response={200: KeyAccountOut, **WRITE_ERRORS})
def update_key_account(
    request: HttpRequest, key_account_id: uuid.UUID, payload: KeyAccountPatchIn
) -> KeyAccount:
    """Assign the KAM, change the tier, move the status along (programme director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "change")
    fields = payload.model_dump(exclude_unset=True)
    for role in ("kam", "sponsor"):
        if role in fields:
            fields[role] = person(fields[role], role)
    return services.key_account_update(actor=user, key_account=account, **fields)


@router.put("/key-accounts/{key_account_id}/profile", response={200: KeyAccountOut, **WRITE_ERRORS})
def update_key_account_profile(
    request: HttpRequest, key_account_id: uuid.UUID, payload: KeyAccountProfileIn
) -> KeyAccount:
    """Set the relationship stage (current, target) and the scope (the account's KAM, director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    countries = countries_by_codes(payload.countries)
    units = business_units_by_codes(payload.business_units)
    missing = {code.upper() for code in payload.countries} - {c.code for c in countries}
    missing |= set(payload.business_units) - {u.code for u in units}
    if missing:
        raise ValidationError(_("Unknown codes: %(codes)s") % {"codes": ", ".join(sorted(missing))})
    services.key_account_update_profile(
        actor=user,
        key_account=account,
        version=payload.version,
        relationship_stage=payload.relationship_stage,
        target_stage=payload.target_stage,
        countries=countries,
        business_units=units,
    )
    return get_key_account_for(user, key_account_id)


@router.get(
    "/key-accounts/{key_account_id}/stage-history",
    response={200: list[StageChangeOut], **READ_ERRORS},
)
def get_stage_history(
    request: HttpRequest, key_account_id: uuid.UUID
) -> QuerySet[RelationshipStageChange]:
    """Every dated change of the account's current or target relationship stage, newest first."""
    return selectors.stage_history(get_key_account_for(request_user(request), key_account_id))
