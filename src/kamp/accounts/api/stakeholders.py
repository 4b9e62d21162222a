"""API operations on the stakeholder map."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from kamp.accounts import selectors, services
from kamp.accounts.api.common import person, router
from kamp.accounts.permissions import get_key_account_for, get_stakeholder_for
from kamp.accounts.schemas import (
    StakeholderIn,
    StakeholderMapOut,
    StakeholderOut,
    StakeholderPatchIn,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.accounts.models import Stakeholder


def _people(fields: dict[str, Any]) -> dict[str, Any]:
    if "owner" in fields:
        fields["owner"] = person(fields["owner"], "owner")
    return fields


@router.get(
    "/key-accounts/{key_account_id}/stakeholder-map",
    response={200: StakeholderMapOut, **READ_ERRORS},
)
def get_stakeholder_map(request: HttpRequest, key_account_id: uuid.UUID) -> dict[str, Any]:
    """The account's stakeholders and the red flags of the map."""
    account = get_key_account_for(request_user(request), key_account_id)
    return selectors.stakeholder_map(account, timezone.localdate())


@router.post(
    "/key-accounts/{key_account_id}/stakeholders",
    response={201: StakeholderOut, **WRITE_ERRORS},
)
def add_stakeholder(
    request: HttpRequest, key_account_id: uuid.UUID, payload: StakeholderIn
) -> Status[Stakeholder]:
    """Put a contact of the group on the map (the account's KAM, the director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    contact = selectors.contact_visible(user, payload.contact)
    if contact is None:
        raise ValidationError({"contact": _("No such contact.")})
    fields = _people(payload.model_dump(exclude_unset=True, exclude={"contact"}))
    created = services.stakeholder_add(actor=user, key_account=account, contact=contact, **fields)
    return Status(201, created)


@router.patch("/stakeholders/{stakeholder_id}", response={200: StakeholderOut, **WRITE_ERRORS})
def update_stakeholder(
    request: HttpRequest, stakeholder_id: uuid.UUID, payload: StakeholderPatchIn
) -> Stakeholder:
    """Update a stakeholder (the KAM; the relationship's owner, all but the owner)."""
    user = request_user(request)
    stakeholder = get_stakeholder_for(user, stakeholder_id, "change")
    fields = _people(payload.model_dump(exclude_unset=True))
    version = fields.pop("version")
    return services.stakeholder_update(
        actor=user, stakeholder=stakeholder, version=version, **fields
    )


@router.delete("/stakeholders/{stakeholder_id}", response={204: None, **WRITE_ERRORS})
def remove_stakeholder(request: HttpRequest, stakeholder_id: uuid.UUID) -> Status[None]:
    """Take a person off the map (the account's KAM)."""
    user = request_user(request)
    services.stakeholder_remove(actor=user, stakeholder=get_stakeholder_for(user, stakeholder_id))
    return Status(204, None)
