"""API endpoints for customers, groups, contacts and sales summaries.

Each endpoint parses its schema, calls a selector or a service, and returns an Out schema. Reads
start from ``visible_to``; objects are fetched with ``get_customer_for`` / ``get_contact_for``
(404 if not visible, 403 if visible but not changeable); writes go through the services.
"""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.customers import selectors, services
from kamp.customers.models import Contact, Customer
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
    GroupDetailOut,
    GroupFilterIn,
    GroupPage,
    SalesSummaryOut,
)
from kamp.organisation.models import BusinessUnit, Country
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from kamp.customers.models import CustomerQuerySet
    from kamp.users.models import User

router = Router(tags=["customers"])
LIST_ERRORS = {401: READ_ERRORS[401], 422: READ_ERRORS[422]}


def _with_visible_parent(qs: CustomerQuerySet, user: User | AnonymousUser) -> CustomerQuerySet:
    """Annotate ``visible_parent_id``: the parent's public id, only if ``user`` may see it."""
    parents = Customer.objects.visible_to(user).filter(pk=OuterRef("parent_id"))
    return qs.annotate(visible_parent_id=Subquery(parents.values("public_id")[:1]))


def _pct(margin: float, revenue: float) -> float | None:
    return round(margin / revenue * 100, 2) if revenue else None


def _code(obj: Country | BusinessUnit | None) -> str | None:
    return obj.code if obj is not None else None


def _ref(customer: Customer) -> dict[str, Any]:
    """A :class:`CustomerRef`."""
    return {"id": customer.public_id, "customer_id": customer.source_id, "name": customer.name}


def _customer_item(customer: Customer) -> dict[str, Any]:
    """A :class:`CustomerOut`, from a row of ``customer_list`` + ``_with_visible_parent``."""
    return {
        **_ref(customer),
        "country": _code(customer.country),
        "business_unit": _code(customer.business_unit),
        "industry": customer.industry,
        "size": customer.size,
        "group": customer.group.public_id if customer.group else None,
        "parent": getattr(customer, "visible_parent_id", None),
        "revenue_12m": float(getattr(customer, "revenue_12m", 0)),
    }


def _group_item(head: Customer) -> dict[str, Any]:
    """A :class:`GroupOut`, from a row of ``group_list``."""
    return {
        **_ref(head),
        "country": _code(head.country),
        "business_unit": _code(head.business_unit),
        "industry": head.industry,
        "member_count": getattr(head, "member_count", 0),
        "revenue_12m": float(getattr(head, "revenue_12m", 0)),
    }


def _contact_item(contact: Contact) -> dict[str, Any]:
    """A :class:`ContactOut` (``customer`` and ``reports_to`` should be selected with it)."""
    return {
        "id": contact.public_id,
        "contact_id": contact.source_id,
        "customer": contact.customer.public_id,
        "name": contact.name,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
        "reports_to": contact.reports_to.public_id if contact.reports_to else None,
    }


#
# Customers
#


@router.get("/customers", response={200: CustomerPage, **LIST_ERRORS})
def list_customers(
    request: HttpRequest, filters: Query[CustomerFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Customers you may see, filtered and sorted, with their revenue of the last 12 months."""
    user = request_user(request)
    qs = selectors.customer_list(
        actor=user,
        filters=selectors.CustomerFilters(
            q=filters.q,
            country=filters.country,
            business_unit=filters.business_unit,
            industry=filters.industry,
            group=str(filters.group) if filters.group else "",
            sort=filters.sort,
        ),
    )
    return paginate(_with_visible_parent(qs, user), page, _customer_item)


def _customer_detail(user: User, customer: Customer) -> dict[str, Any]:
    """A :class:`CustomerDetailOut`; parent and children only as far as ``user`` may see."""
    visible = Customer.objects.visible_to(user)
    parent = visible.filter(pk=customer.parent_id).first() if customer.parent_id else None
    own = selectors.sales_totals(customers=[customer], since=selectors.twelve_months_start())
    return {
        **_ref(customer),
        "country": _code(customer.country),
        "business_unit": _code(customer.business_unit),
        "industry": customer.industry,
        "size": customer.size,
        "attributes": customer.attributes,
        "parent": _ref(parent) if parent else None,
        "group": _ref(customer.group) if customer.group else None,
        "children": [_ref(c) for c in visible.filter(parent=customer)],
        "revenue_12m": float(own.revenue),
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
    }


@router.get("/customers/{customer_id}", response={200: CustomerDetailOut, **READ_ERRORS})
def get_customer(request: HttpRequest, customer_id: uuid.UUID) -> dict[str, Any]:
    """One customer with its parent, group head, direct subsidiaries and attributes."""
    user = request_user(request)
    return _customer_detail(user, get_customer_for(user, customer_id))


def _lookup(model: type[Country] | type[BusinessUnit], field: str, code: str | None) -> Any:
    if code is None:
        return None
    found = model.objects.filter(code=code.upper() if model is Country else code).first()
    if found is None:
        raise ValidationError({field: _("Unknown code: %(code)s.") % {"code": code}})
    return found


@router.patch("/customers/{customer_id}", response={200: CustomerDetailOut, **WRITE_ERRORS})
def update_customer(
    request: HttpRequest, customer_id: uuid.UUID, payload: CustomerPatchIn
) -> dict[str, Any]:
    """Change a customer's descriptive fields; send only the fields to change."""
    user = request_user(request)
    customer = get_customer_for(user, customer_id, "change")
    fields = payload.model_dump(exclude_unset=True)
    if "country" in fields:
        fields["country"] = _lookup(Country, "country", fields["country"])
    if "business_unit" in fields:
        fields["business_unit"] = _lookup(BusinessUnit, "business_unit", fields["business_unit"])
    customer = services.customer_update(actor=user, customer=customer, **fields)
    return _customer_detail(user, customer)


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
    return paginate(groups, page, _group_item)


@router.get("/groups/{customer_id}", response={200: GroupDetailOut, **READ_ERRORS})
def get_group(request: HttpRequest, customer_id: uuid.UUID) -> dict[str, Any]:
    """A group head with its roll-up figures and every member you may see.

    The id of a member answers with its group (see the ``id`` in the answer).
    """
    user = request_user(request)
    head = get_customer_for(user, customer_id).head
    group = selectors.group_list(actor=user).get(pk=head.pk)
    members = selectors.customer_list(
        actor=user, filters=selectors.CustomerFilters(group=str(head.public_id))
    ).exclude(pk=head.pk)
    return {
        **_group_item(group),
        "members": [_customer_item(m) for m in _with_visible_parent(members, user)],
    }


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
) -> dict[str, Any]:
    """Revenue, margin and quantity of the last 12 months, and revenue per year and product line.

    With ``rollup`` (the default) the figures include every company below the customer that you
    may see; without it, the customer alone.
    """
    user = request_user(request)
    customer = get_customer_for(user, customer_id)
    ids = selectors.customer_subtree_ids(customer) if rollup else [customer.pk]
    covered = Customer.objects.visible_to(user).filter(pk__in=ids)
    since = selectors.twelve_months_start()
    totals = selectors.sales_totals(customers=covered, since=since)
    revenue, margin = float(totals.revenue), float(totals.margin)
    rows = selectors.sales_by_year_and_product_line(customers=covered)
    return {
        "customer": _ref(customer),
        "rollup": rollup,
        "companies": covered.count(),
        "since": since,
        "last_12_months": {
            "revenue": revenue,
            "margin": margin,
            "margin_pct": _pct(margin, revenue),
            "quantity": float(totals.quantity),
        },
        "by_year": [{**row, "margin_pct": _pct(row["margin"], row["revenue"])} for row in rows],
    }


#
# Contacts
#


def _reports_to(user: User, reports_to: uuid.UUID | None) -> Contact | None:
    """The manager named in the input, which must be a contact the user may see."""
    if reports_to is None:
        return None
    manager = (
        Contact.objects.visible_to(user)
        .select_related("customer")
        .filter(public_id=reports_to)
        .first()
    )
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
    contacts = (
        Contact.objects.visible_to(user)
        .select_related("customer", "reports_to")
        .filter(customer=customer)
    )
    return paginate(contacts, page, _contact_item)


@router.post("/customers/{customer_id}/contacts", response={201: ContactOut, **WRITE_ERRORS})
def create_contact(
    request: HttpRequest, customer_id: uuid.UUID, payload: ContactIn
) -> Status[dict[str, Any]]:
    """Add a person at a customer."""
    user = request_user(request)
    customer = get_customer_for(user, customer_id, "change")
    fields = _contact_fields(user, payload.model_dump())
    contact = services.contact_create(actor=user, customer=customer, **fields)
    return Status(201, _contact_item(contact))


@router.get("/contacts/{contact_id}", response={200: ContactOut, **READ_ERRORS})
def get_contact(request: HttpRequest, contact_id: uuid.UUID) -> dict[str, Any]:
    """One person."""
    return _contact_item(get_contact_for(request_user(request), contact_id))


@router.patch("/contacts/{contact_id}", response={200: ContactOut, **WRITE_ERRORS})
def update_contact(
    request: HttpRequest, contact_id: uuid.UUID, payload: ContactPatchIn
) -> dict[str, Any]:
    """Change a person's details; send only the fields to change."""
    user = request_user(request)
    contact = get_contact_for(user, contact_id, "change")
    fields = _contact_fields(user, payload.model_dump(exclude_unset=True))
    return _contact_item(services.contact_update(actor=user, contact=contact, **fields))


@router.delete("/contacts/{contact_id}", response={204: None, **WRITE_ERRORS})
def delete_contact(request: HttpRequest, contact_id: uuid.UUID) -> Status[None]:
    """Remove a person; those who reported to them keep their place without a manager."""
    user = request_user(request)
    services.contact_delete(actor=user, contact=get_contact_for(user, contact_id, "change"))
    return Status(204, None)
