"""API endpoints for key accounts: list, read, and assign KAM, tier and status."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router

from kamp.accounts import services
from kamp.accounts.models import KeyAccount
from kamp.accounts.permissions import get_key_account_for
from kamp.accounts.schemas import (
    KeyAccountFilterIn,
    KeyAccountOut,
    KeyAccountPage,
    KeyAccountPatchIn,
    KeyAccountProfileIn,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate, request_user
from kamp.organisation.models import BusinessUnit, Country
from kamp.users.models import User

if TYPE_CHECKING:
    from django.http import HttpRequest

router = Router(tags=["key accounts"])
LIST_ERRORS = {401: READ_ERRORS[401], 422: READ_ERRORS[422]}


def _item(a: KeyAccount) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "customer": {
            "id": a.customer.public_id,
            "customer_id": a.customer.source_id,
            "name": a.customer.name,
        },
        "kam": a.kam.get_username() if a.kam else None,
        "tier": a.tier,
        "status": a.status,
        "nominated_from": a.nominated_from.public_id if a.nominated_from else None,
        "nominated_on": a.nominated_on,
        "status_changed_on": a.status_changed_on,
        "exited_on": a.exited_on,
        "sponsor": a.sponsor.get_username() if a.sponsor else None,
        "relationship_stage": a.relationship_stage,
        "target_stage": a.target_stage,
        "stage_changed_on": a.stage_changed_on,
        "countries": sorted(c.code for c in a.countries.all()),
        "business_units": sorted(u.code for u in a.business_units.all()),
        "version": a.version,
    }


@router.get("/key-accounts", response={200: KeyAccountPage, **LIST_ERRORS})
def list_key_accounts(
    request: HttpRequest, filters: Query[KeyAccountFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Key accounts whose group you may see."""
    qs = (
        KeyAccount.objects.visible_to(request_user(request))
        .select_related("customer", "kam", "sponsor", "nominated_from")
        .prefetch_related("countries", "business_units")
    )
    qs = qs.filter(status=filters.status) if filters.status else qs.current()
    return paginate(qs, page, _item)


@router.get("/key-accounts/{key_account_id}", response={200: KeyAccountOut, **READ_ERRORS})
def get_key_account(request: HttpRequest, key_account_id: uuid.UUID) -> dict[str, Any]:
    """One key account."""
    return _item(get_key_account_for(request_user(request), key_account_id))


@router.patch("/key-accounts/{key_account_id}", response={200: KeyAccountOut, **WRITE_ERRORS})
def update_key_account(
    request: HttpRequest, key_account_id: uuid.UUID, payload: KeyAccountPatchIn
) -> dict[str, Any]:
    """Assign the KAM, change the tier, move the status along (programme director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "change")
    fields = payload.model_dump(exclude_unset=True)
    if fields.get("kam") is not None:
        kam = User.objects.filter(username=fields["kam"]).first()
        if kam is None:
            raise ValidationError({"kam": _("No such user.")})
        fields["kam"] = kam
    return _item(services.key_account_update(actor=user, key_account=account, **fields))


@router.put("/key-accounts/{key_account_id}/profile", response={200: KeyAccountOut, **WRITE_ERRORS})
def update_key_account_profile(
    request: HttpRequest, key_account_id: uuid.UUID, payload: KeyAccountProfileIn
) -> dict[str, Any]:
    """Set the relationship stage (current, target) and the scope (the account's KAM, director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    countries = list(Country.objects.filter(code__in=payload.countries))
    units = list(BusinessUnit.objects.filter(code__in=payload.business_units))
    missing = set(payload.countries) - {c.code for c in countries}
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
    return _item(get_key_account_for(user, key_account_id))
