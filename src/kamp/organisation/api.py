"""API endpoints of the organisation app: the company's settings (its currency)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from ninja import Router

from kamp.core.api import READ_ERRORS, WRITE_ERRORS
from kamp.organisation.permissions import can_change_company_settings
from kamp.organisation.schemas import CompanyOut, CompanyPatchIn
from kamp.organisation.selectors import company_currency
from kamp.organisation.services import company_settings_update
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

router = Router(tags=["organisation"])


@router.get("/company", response={200: CompanyOut, **READ_ERRORS})
def get_company(request: HttpRequest) -> CompanyOut:
    """The company's settings: ``currency``, the ISO 4217 code of every amount in kamp."""
    request_user(request)
    return CompanyOut(currency=company_currency())


@router.patch("/company", response={200: CompanyOut, **WRITE_ERRORS})
def update_company(request: HttpRequest, payload: CompanyPatchIn) -> CompanyOut:
    """Change the company's settings (programme director); send only what changes."""
    user = request_user(request)
    if not can_change_company_settings(user):
        raise PermissionDenied
    if payload.currency is not None:
        company_settings_update(actor=user, currency=payload.currency)
    return CompanyOut(currency=company_currency())
