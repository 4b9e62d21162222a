"""The customer pages as each persona sees them: list, search, filters, sorting, pages, edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from kamp.core.models import AuditEvent
from kamp.customers.models import Contact, Customer
from kamp.customers.tests.factories import ContactFactory, CustomerFactory, SalesFactFactory
from kamp.organisation.tests.factories import CountryFactory

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db
LIST = reverse("customers:customer-list")


def _login(client: Client, user: object) -> None:
    client.force_login(user)  # type: ignore[arg-type]


def test_it_requires_login(client: Client) -> None:
    r = client.get(LIST)
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


def test_it_lists_customers_with_their_revenue(client: Client, cast: Cast) -> None:
    acme = CustomerFactory.create(name="Acme Foods", business_unit=cast.unit)
    SalesFactFactory.create(
        customer=acme, period=dt.date.today().replace(day=1), revenue=Decimal("1234567")
    )
    _login(client, cast.director)
    r = client.get(LIST)
    assert r.status_code == 200
    body = r.content.decode()
    assert "Acme Foods" in body
    assert "1,234,567" in body


def test_it_shows_an_outsider_nothing(client: Client, cast: Cast) -> None:
    CustomerFactory.create(name="Acme Foods")
    _login(client, cast.outsider)
    r = client.get(LIST)
    assert "Acme Foods" not in r.content.decode()
    assert "There are no customers you can see yet." in r.content.decode()


def test_it_limits_a_unit_director_to_the_customers_of_his_unit(client: Client, cast: Cast) -> None:
    CustomerFactory.create(name="Ours Ltd", business_unit=cast.unit)
    CustomerFactory.create(name="Theirs Ltd", business_unit=cast.other_unit)
    _login(client, cast.pcdirector)
    body = client.get(LIST).content.decode()
    assert "Ours Ltd" in body
    assert "Theirs Ltd" not in body


def test_it_searches_by_name_or_id_and_answers_htmx_with_the_table_only(
    client: Client, cast: Cast
) -> None:
    CustomerFactory.create(name="Nordic Paper AB", source_id="C900001")
    CustomerFactory.create(name="Iberia Water SA", source_id="C900002")
    _login(client, cast.kam)
    r = client.get(LIST, {"q": "nordic"}, headers={"HX-Request": "true"})
    body = r.content.decode()
    assert "Nordic Paper AB" in body and "Iberia Water SA" not in body
    assert "<html" not in body  # a fragment, swapped into the page
    assert "Nordic Paper AB" in client.get(LIST, {"q": "C900001"}).content.decode()


def test_it_filters_by_country_unit_industry_and_group(client: Client, cast: Cast) -> None:
    fr = CountryFactory.create(code="FR", name="France")
    head = CustomerFactory.create(name="Groupe Alpha", country=fr, industry="Chemicals")
    CustomerFactory.create(name="Alpha Iberia", parent=head, business_unit=cast.unit)
    CustomerFactory.create(name="Beta Pharma", industry="Pharma", business_unit=cast.other_unit)
    _login(client, cast.director)

    def names(**params: str) -> set[str]:
        page = client.get(LIST, params).context["page_obj"]
        return {c.name for c in page}

    assert names(country="FR") == {"Groupe Alpha"}
    assert names(business_unit="IND") == {"Alpha Iberia"}
    assert names(industry="Pharma") == {"Beta Pharma"}
    assert names(group=str(head.public_id)) == {"Groupe Alpha", "Alpha Iberia"}
    assert names(country="ZZ") == {"Groupe Alpha", "Alpha Iberia", "Beta Pharma"}  # ignored


def test_it_sorts_and_paginates(client: Client, cast: Cast, settings: object) -> None:
    settings.KAMP_PAGE_SIZE = 2  # type: ignore[attr-defined]
    month = dt.date.today().replace(day=1)
    for name, revenue in [("Charlie", 5), ("Alpha", 30), ("Bravo", 10)]:
        SalesFactFactory.create(
            customer=CustomerFactory.create(name=name), period=month, revenue=revenue
        )
    _login(client, cast.director)
    first = client.get(LIST, {"sort": "-revenue"}).context["page_obj"]
    assert [c.name for c in first] == ["Alpha", "Bravo"]
    second = client.get(LIST, {"sort": "-revenue", "page": "2"}).context["page_obj"]
    assert [c.name for c in second] == ["Charlie"]
    assert [c.name for c in client.get(LIST, {"sort": "-name"}).context["page_obj"]] == [
        "Charlie",
        "Bravo",
    ]


@pytest.mark.parametrize("rows", [3, 30])
def test_it_costs_the_same_number_of_queries_whatever_the_rows(
    client: Client, cast: Cast, rows: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    head = CustomerFactory.create(name="Head")
    for i in range(rows):
        CustomerFactory.create(name=f"Sub {i}", parent=head if i % 2 else None)
    _login(client, cast.director)
    client.get(LIST)  # warm the session
    # session, user, memberships, industries, count, page, countries and units menus, the currency
    with django_assert_num_queries(9):
        assert client.get(LIST).status_code == 200


def test_a_group_page_rolls_up_its_companies_and_draws_the_chart(
    client: Client, cast: Cast
) -> None:
    head = CustomerFactory.create(name="Groupe Alpha")
    sub = CustomerFactory.create(name="Alpha Iberia", parent=head)
    deep = CustomerFactory.create(name="Alpha Porto", parent=sub)
    month = dt.date.today().replace(day=1)
    for company, revenue in [(head, 100), (sub, 200), (deep, 300)]:
        SalesFactFactory.create(customer=company, period=month, revenue=revenue, margin=60)
    ContactFactory.create(customer=head, name="Marie Curie", title="CEO")
    _login(client, cast.viewer)
    r = client.get(head.get_absolute_url())
    assert r.status_code == 200
    assert r.context["totals"].revenue == 600
    assert r.context["companies"] == 3
    body = r.content.decode()
    assert "Alpha Porto" in body and "Marie Curie" in body
    assert 'data-chart="sales-chart"' in body
    # A subsidiary shows its own figures only.
    assert client.get(sub.get_absolute_url()).context["totals"].revenue == 200


def test_a_unit_director_sees_only_the_visible_part_of_a_group(client: Client, cast: Cast) -> None:
    head = CustomerFactory.create(name="Groupe Alpha", business_unit=cast.other_unit)
    ours = CustomerFactory.create(name="Alpha Ours", parent=head, business_unit=cast.unit)
    CustomerFactory.create(name="Alpha Theirs", parent=head, business_unit=cast.other_unit)
    _login(client, cast.pcdirector)
    body = client.get(head.get_absolute_url()).content.decode()
    assert "Alpha Ours" in body and "Alpha Theirs" not in body
    assert client.get(ours.get_absolute_url()).status_code == 200


def test_others_customers_are_404(client: Client, cast: Cast) -> None:
    theirs = CustomerFactory.create(business_unit=cast.other_unit)
    _login(client, cast.member)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    _login(client, cast.outsider)
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_a_kam_edits_a_customer_and_the_change_is_audited(client: Client, cast: Cast) -> None:
    customer = CustomerFactory.create(name="Old Name")
    url = reverse("customers:customer-edit", args=[customer.public_id])
    _login(client, cast.kam)
    r = client.post(
        url,
        {
            "name": "New Name",
            "industry": "Water",
            "size": "large",
            "country": customer.country_id,
            "business_unit": customer.business_unit_id,
        },
    )
    assert r.status_code == 302
    customer.refresh_from_db()
    assert customer.name == "New Name"
    event = AuditEvent.objects.get(action="customer.update")
    assert event.actor == cast.kam
    assert event.changes["name"] == ["Old Name", "New Name"]


@pytest.mark.parametrize("persona", ["viewer", "executive"])
def test_read_only_roles_get_403_on_edits(client: Client, cast: Cast, persona: str) -> None:
    customer = CustomerFactory.create()
    contact = ContactFactory.create(customer=customer)
    _login(client, getattr(cast, persona))
    assert client.get(customer.get_absolute_url()).status_code == 200
    for url in [
        reverse("customers:customer-edit", args=[customer.public_id]),
        reverse("customers:contact-create", args=[customer.public_id]),
        reverse("customers:contact-edit", args=[contact.public_id]),
        reverse("customers:contact-delete", args=[contact.public_id]),
    ]:
        assert client.post(url, {"name": "x"}).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_contacts_are_added_edited_and_removed_after_confirmation(
    client: Client, cast: Cast
) -> None:
    customer = CustomerFactory.create()
    boss = ContactFactory.create(customer=customer, name="Ada Boss")
    _login(client, cast.director)
    r = client.post(
        reverse("customers:contact-create", args=[customer.public_id]),
        {"name": "Bob Buyer", "title": "Buyer", "email": "bob@x.example", "reports_to": boss.pk},
    )
    assert r.status_code == 302
    bob = Contact.objects.get(name="Bob Buyer")
    assert bob.reports_to == boss
    delete = reverse("customers:contact-delete", args=[bob.public_id])
    assert "Remove Bob Buyer?" in client.get(delete).content.decode()
    assert Contact.objects.filter(pk=bob.pk).exists()  # GET only asks
    client.post(delete)
    assert not Contact.objects.filter(pk=bob.pk).exists()


def test_a_contact_form_reports_bad_input_next_to_the_field(client: Client, cast: Cast) -> None:
    customer = CustomerFactory.create()
    _login(client, cast.director)
    r = client.post(
        reverse("customers:contact-create", args=[customer.public_id]),
        {"name": "", "email": "not-an-email"},
    )
    assert r.status_code == 200
    assert r.context["form"].errors.keys() == {"name", "email"}
    assert not Customer.objects.get(pk=customer.pk).contacts.exists()


def test_output_is_escaped(client: Client, cast: Cast) -> None:
    CustomerFactory.create(name="<script>alert(1)</script>")
    _login(client, cast.director)
    body = client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_chart_labels_years_the_data_covers_only_in_part(client: Client, cast: Cast) -> None:
    customer = CustomerFactory.create()
    for period in [dt.date(2023, 11, 1), dt.date(2024, 6, 1), dt.date(2025, 10, 1)]:
        SalesFactFactory.create(customer=customer, period=period)
    _login(client, cast.viewer)
    spec = client.get(customer.get_absolute_url()).context["chart"]
    assert spec["encoding"]["x"]["field"] == "year_label"
    labels = sorted({row["year_label"] for row in spec["data"]["values"]})
    assert labels == ["2023 (Nov–Dec)", "2024", "2025 (Jan–Oct)"]
