"""Pages of the customer base: the searchable list, a customer's page, and edits.

Views are thin: they read with selectors, write with services, and fetch objects through
``get_customer_for`` (404 for what the user cannot see, 403 for what they cannot change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kamp.core.charts import stacked_bars_by_year
from kamp.core.forms import call_service
from kamp.core.tables import sort_columns
from kamp.customers import privacy, selectors, services
from kamp.customers.forms import ContactForm, CustomerFilterForm, CustomerForm, ErasureForm
from kamp.customers.permissions import can_change_customer, get_contact_for, get_customer_for

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.customers.models import Customer
    from kamp.users.http import AuthenticatedHttpRequest


def customer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Customers the user may see, with search, filters, sorting and pagination (htmx-aware)."""
    form = CustomerFilterForm(request.GET, industries=selectors.industries(actor=request.user))
    filters = form.to_filters()
    qs = selectors.customer_list(actor=request.user, filters=filters)
    page = Paginator(qs, settings.KAMP_PAGE_SIZE).get_page(request.GET.get("page"))
    group = (
        selectors.customer_visible(actor=request.user, public_id=filters.group)
        if filters.group
        else None
    )
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "group": group,
        "filtered": any([filters.q, filters.country, filters.business_unit, filters.industry]),
        "columns": sort_columns(
            request,
            filters.sort,
            [
                ("name", _("Name")),
                ("source_id", _("Customer id")),
                ("country", _("Country")),
                ("industry", _("Industry")),
                ("business_unit", _("Business unit")),
                ("revenue", _("Revenue, last 12 months")),
            ],
            numeric=frozenset({"revenue"}),
        ),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "customers/_customer_table.html", context)
    return render(request, "customers/customer_list.html", context)


def customer_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A customer's page: where it sits in its group, its figures, its people."""
    customer = get_customer_for(request.user, public_id)
    head = customer.head
    family = selectors.family_list(actor=request.user, head=head)
    # Figures roll up: a group head shows its whole group, a subsidiary only itself.
    rolls_up = customer.pk == head.pk and len(family) > 1
    scope: list[Customer] = family if rolls_up else [customer]
    totals = selectors.sales_totals(customers=scope, since=selectors.twelve_months_start())
    rows = selectors.sales_by_year_and_product_line(customers=scope)
    contacts = selectors.contacts_of(customer)
    context: dict[str, Any] = {
        "customer": customer,
        "head": head,
        "tree": _tree(family, head),
        "family_size": len(family),
        "rolls_up": rolls_up,
        "totals": totals,
        "companies": len(scope),
        "countries": len({c.country_id for c in scope if c.country_id}),
        "chart": stacked_bars_by_year(rows) if rows else None,
        "contacts": contacts,
        "can_change": can_change_customer(request.user, customer),
        "personal_data": privacy.can_handle_personal_data(request.user),
    }
    return render(request, "customers/customer_detail.html", context)


def _tree(family: list[Customer], head: Customer) -> list[tuple[Customer, list[Any]]]:
    """The group as nested (company, children) pairs, from the head down, built in memory."""
    children: dict[int | None, list[Customer]] = {}
    for company in family:
        children.setdefault(company.parent_id, []).append(company)

    def branch(company: Customer) -> tuple[Customer, list[Any]]:
        return company, [branch(child) for child in children.get(company.pk, [])]

    return (
        [branch(head)]
        if any(c.pk == head.pk for c in family)
        else [branch(c) for c in children.get(head.pk, [])]
    )


@require_http_methods(["GET", "POST"])
def customer_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Edit a customer's name, industry, size, country and unit."""
    customer = get_customer_for(request.user, public_id, "change")
    form = CustomerForm(request.POST or None, instance=customer)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            lambda: services.customer_update(
                actor=request.user, customer=customer, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Customer saved."))
        return redirect(customer)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Add a person at a customer."""
    customer = get_customer_for(request.user, public_id, "change")
    form = ContactForm(request.POST or None, customer=customer)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            lambda: services.contact_create(
                actor=request.user, customer=customer, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Contact added."))
        return redirect(customer)
    return render(request, "customers/contact_form.html", {"form": form, "customer": customer})


@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Edit a contact's details."""
    contact = get_contact_for(request.user, public_id, "change")
    form = ContactForm(request.POST or None, instance=contact, customer=contact.customer)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            lambda: services.contact_update(
                actor=request.user, contact=contact, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Contact saved."))
        return redirect(contact.customer)
    context = {"form": form, "customer": contact.customer, "contact": contact}
    return render(request, "customers/contact_form.html", context)


@require_http_methods(["GET", "POST"])
def contact_delete(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Ask for confirmation (GET), then remove the contact (POST)."""
    contact = get_contact_for(request.user, public_id, "change")
    if request.method == "POST":
        customer = contact.customer
        services.contact_delete(actor=request.user, contact=contact)
        messages.success(request, _("Contact removed."))
        return redirect(customer)
    return render(request, "customers/contact_confirm_delete.html", {"contact": contact})


@require_http_methods(["GET", "POST"])
def contact_personal_data(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The person's data request page: export it as JSON, or erase it (with a reason and a
    confirmation); the programme director only."""
    contact = get_contact_for(request.user, public_id)
    if not privacy.can_handle_personal_data(request.user):
        raise PermissionDenied
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        customer = contact.customer
        done = call_service(
            form,
            lambda: privacy.contact_erase(
                actor=request.user, contact=contact, reason=form.cleaned_data["reason"]
            ),
        )
        if done:
            messages.success(request, _("The person's data was erased."))
            context = {"customer": customer, "report": done.value}
            return render(request, "customers/contact_erased.html", context)
    return render(
        request, "customers/contact_personal_data.html", {"contact": contact, "form": form}
    )


def contact_personal_data_download(
    request: AuthenticatedHttpRequest, public_id: UUID
) -> HttpResponse:
    """Everything kamp holds on the person, as one JSON file (the programme director only)."""
    contact = get_contact_for(request.user, public_id)
    data = privacy.contact_personal_data(actor=request.user, contact=contact)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="personal-data-{contact.public_id}.json"'
    )
    return response
