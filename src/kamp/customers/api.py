"""API endpoints for customers, groups, contacts and sales summaries.

Each endpoint parses its schema, calls a selector or a service, and returns an Out schema. Reads
start from ``visible_to``; objects are fetched with ``get_customer_for`` / ``get_contact_for``
(404 if not visible, 403 if visible but not changeable); writes go through the services.
"""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.customers import privacy, selectors, services
from kamp.customers.permissions import get_contact_for, get_customer_for
from kamp.customers.schemas import (
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatchIn,
    CustomerDetailOut,
    CustomerFilterIn,
    CustomerPage,
    CustomerPatchIn,
    ErasureIn,
    ErasureOut,
    GroupDetailOut,
    GroupFilterIn,
    GroupPage,
    PersonalDataOut,
    SalesSummaryOut,
)
from kamp.organisation.selectors import business_unit_by_code, country_by_code
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest

    from kamp.customers.models import Contact
    from kamp.users.models import User

router = Router(tags=["customers"])
LIST_ERRORS = {401: READ_ERRORS[401], 422: READ_ERRORS[422]}


#
# Customers
#


@router.get("/customers", response={200: CustomerPage, **LIST_ERRORS})
def list_customers(
    request: HttpRequest, filters: Query[CustomerFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Customers you may see, filtered and sorted, with their revenue of the last 12 months."""
    user = request_user(request)
    qs = selectors.customer_list(actor=user, filters=filters.to_filters())
    return paginate(selectors.with_visible_parent(qs, user), page)


@router.get("/customers/{customer_id}", response={200: CustomerDetailOut, **READ_ERRORS})
def get_customer(request: HttpRequest, customer_id: uuid.UUID) -> selectors.CustomerDetail:
    """One customer with its parent, group head, direct subsidiaries and attributes."""
    user = request_user(request)
    return selectors.customer_detail(actor=user, customer=get_customer_for(user, customer_id))


def _by_code[T](find: Callable[[str], T | None], field: str, code: str | None) -> T | None:
    """The reference row named by ``code`` (``None`` clears), or a 422 on ``field``."""
    if code is None:
        return None
    found = find(code)
    if found is None:
        raise ValidationError({field: _("Unknown code: %(code)s.") % {"code": code}})
    return found


@router.patch("/customers/{customer_id}", response={200: CustomerDetailOut, **WRITE_ERRORS})
def update_customer(
    request: HttpRequest, customer_id: uuid.UUID, payload: CustomerPatchIn
) -> selectors.CustomerDetail:
    """Change a customer's descriptive fields; send only the fields to change."""
    user = request_user(request)
    customer = get_customer_for(user, customer_id, "change")
    fields = payload.model_dump(exclude_unset=True)
    if "country" in fields:
        fields["country"] = _by_code(country_by_code, "country", fields["country"])
    if "business_unit" in fields:
        fields["business_unit"] = _by_code(
            business_unit_by_code, "business_unit", fields["business_unit"]
        )
    customer = services.customer_update(actor=user, customer=customer, **fields)
    return selectors.customer_detail(actor=user, customer=customer)


#
# Groups
#


@router.get("/groups", response={200: GroupPage, **LIST_ERRORS})
def list_groups(
    request: HttpRequest, filters: Query[GroupFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Top-level customers (group heads and standalone companies) with roll-up figures.

    ``member_count`` and ``revenue_12m`` cover only the companies you may see.
    """
    groups = selectors.group_list(
        actor=request_user(request),
        q=filters.q,
        with_members=filters.with_members,
        sort=filters.sort,
    )
    return paginate(groups, page)


@router.get("/groups/{customer_id}", response={200: GroupDetailOut, **READ_ERRORS})
def get_group(request: HttpRequest, customer_id: uuid.UUID) -> selectors.GroupDetail:
    """A group head with its roll-up figures and every member you may see.

    The id of a member answers with its group (see the ``id`` in the answer).
    """
    user = request_user(request)
    return selectors.group_detail(actor=user, head=get_customer_for(user, customer_id).head)


#
# Sales
#


@router.get(
    "/customers/{customer_id}/sales-summary", response={200: SalesSummaryOut, **READ_ERRORS}
)
def get_sales_summary(
    request: HttpRequest,
    customer_id: uuid.UUID,
    rollup: bool = True,  # noqa: FBT001, FBT002 (a query parameter, named by ninja)
) -> selectors.SalesSummary:
    """Revenue, margin and quantity of the last 12 months, and revenue per year and product line.

    With ``rollup`` (the default) the figures include every company below the customer that you
    may see; without it, the customer alone.
    """
    user = request_user(request)
    customer = get_customer_for(user, customer_id)
    return selectors.sales_summary(actor=user, customer=customer, rollup=rollup)


#
# Contacts
#


def _reports_to(user: User, reports_to: uuid.UUID | None) -> Contact | None:
    """The manager named in the input, which must be a contact the user may see."""
    if reports_to is None:
        return None
    manager = selectors.contact_visible(actor=user, public_id=reports_to)
    if manager is None:
        raise ValidationError({"reports_to": _("No such contact.")})
    return manager


def _contact_fields(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """Input field names to model field names, resolving the manager."""
    if "contact_id" in data:
        data["source_id"] = data.pop("contact_id")
    if "reports_to" in data:
        data["reports_to"] = _reports_to(user, data["reports_to"])
    return data


@router.get("/customers/{customer_id}/contacts", response={200: ContactPage, **READ_ERRORS})
def list_contacts(
    request: HttpRequest, customer_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """The people at a customer (not at its subsidiaries), by name."""
    user = request_user(request)
    customer = get_customer_for(user, customer_id)
    return paginate(selectors.contact_list(actor=user, customer=customer), page)


@router.post("/customers/{customer_id}/contacts", response={201: ContactOut, **WRITE_ERRORS})
def create_contact(
    request: HttpRequest, customer_id: uuid.UUID, payload: ContactIn
) -> Status[Contact]:
    """Add a person at a customer."""
    user = request_user(request)
    customer = get_customer_for(user, customer_id, "change")
    fields = _contact_fields(user, payload.model_dump())
    contact = services.contact_create(actor=user, customer=customer, **fields)
    return Status(201, contact)


@router.get("/contacts/{contact_id}", response={200: ContactOut, **READ_ERRORS})
def get_contact(request: HttpRequest, contact_id: uuid.UUID) -> Contact:
    """One person."""
    return get_contact_for(request_user(request), contact_id)


@router.patch("/contacts/{contact_id}", response={200: ContactOut, **WRITE_ERRORS})
def update_contact(request: HttpRequest, contact_id: uuid.UUID, payload: ContactPatchIn) -> Contact:
    """Change a person's details; send only the fields to change."""
    user = request_user(request)
    contact = get_contact_for(user, contact_id, "change")
    fields = _contact_fields(user, payload.model_dump(exclude_unset=True))
    return services.contact_update(actor=user, contact=contact, **fields)


@router.delete("/contacts/{contact_id}", response={204: None, **WRITE_ERRORS})
def delete_contact(request: HttpRequest, contact_id: uuid.UUID) -> Status[None]:
    """Remove a person; those who reported to them keep their place without a manager."""
    user = request_user(request)
    services.contact_delete(actor=user, contact=get_contact_for(user, contact_id, "change"))
    return Status(204, None)


#
# Personal data (the programme director only: see kamp.customers.privacy)
#


@router.get("/contacts/{contact_id}/personal-data", response={200: PersonalDataOut, **WRITE_ERRORS})
def get_personal_data(request: HttpRequest, contact_id: uuid.UUID) -> dict[str, Any]:
    """Everything kamp holds on this person, in one JSON document (programme director only)."""
    user = request_user(request)
    contact = get_contact_for(user, contact_id)
    return privacy.contact_personal_data(actor=user, contact=contact)


@router.post("/contacts/{contact_id}/erase", response={200: ErasureOut, **WRITE_ERRORS})
def erase_contact(
    request: HttpRequest, contact_id: uuid.UUID, payload: ErasureIn
) -> dict[str, Any]:
    """Erase this person on request: the contact and its stakeholder rows go, audit events about
    them are blanked; free-text mentions are listed, not changed (programme director only)."""
    user = request_user(request)
    contact = get_contact_for(user, contact_id)
    return privacy.contact_erase(actor=user, contact=contact, reason=payload.reason).as_dict()
