"""The customers API: list, one customer, edits; every response is checked against the schema."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from kamp.core.models import AuditEvent
from kamp.customers.tests.api import CUSTOMERS, names, this_month
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.organisation.tests.factories import CountryFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast
    from kamp.customers.models import Customer

pytestmark = pytest.mark.django_db

#
# Customer list
#


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("director", {"Acme Group", "Acme Iberia", "Acme Nordics", "Lonely Works"}),
        ("kam", {"Acme Group", "Acme Iberia", "Acme Nordics", "Lonely Works"}),
        ("executive", {"Acme Group", "Acme Iberia", "Acme Nordics", "Lonely Works"}),
        ("viewer", {"Acme Group", "Acme Iberia", "Acme Nordics", "Lonely Works"}),
        ("admin", {"Acme Group", "Acme Iberia", "Acme Nordics", "Lonely Works"}),
        ("pcdirector", {"Acme Group", "Acme Iberia"}),
        ("member", {"Acme Group", "Acme Iberia"}),
        ("outsider", set()),
    ],
)
def test_it_lists_the_customers_each_persona_may_see(
    as_user: Any, cast: Cast, acme: dict[str, Customer], persona: str, expected: set[str]
) -> None:
    r = as_user(getattr(cast, persona)).get(CUSTOMERS)
    assert r.status_code == 200
    assert names(r) == expected
    assert r.json()["count"] == len(expected)


def test_it_describes_each_customer(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    SalesFactFactory.create(customer=acme["ours"], period=this_month(), revenue=Decimal("1500.50"))
    SalesFactFactory.create(
        customer=acme["ours"], period=dt.date(2000, 1, 1), revenue=Decimal("999")
    )
    r = as_user(cast.director).get(CUSTOMERS, q="ACME-ES")
    (item,) = r.json()["items"]
    assert item == {
        "id": str(acme["ours"].public_id),
        "customer_id": "ACME-ES",
        "name": "Acme Iberia",
        "country": "ES",
        "business_unit": "IND",
        "industry": "Food & beverage",
        "size": "large",
        "group": str(acme["head"].public_id),
        "parent": str(acme["head"].public_id),
        "revenue_12m": 1500.5,
        "currency": "EUR",
    }


def test_it_hides_a_parent_the_reader_may_not_see(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    CustomerFactory.create(name="Acme Porto", parent=acme["theirs"], business_unit=cast.unit)
    items = as_user(cast.pcdirector).get(CUSTOMERS, q="Porto").json()["items"]
    assert items[0]["parent"] is None
    assert items[0]["group"] == str(acme["head"].public_id)
    items = as_user(cast.director).get(CUSTOMERS, q="Porto").json()["items"]
    assert items[0]["parent"] == str(acme["theirs"].public_id)


def test_it_filters_customers(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    france = CountryFactory.create(code="FR", name="France")
    CustomerFactory.create(
        name="Bistro Paris", country=france, industry="Hospitality", business_unit=cast.unit
    )
    api = as_user(cast.director)
    assert names(api.get(CUSTOMERS, q="acme ib")) == {"Acme Iberia"}
    assert names(api.get(CUSTOMERS, country="fr")) == {"Bistro Paris"}
    assert names(api.get(CUSTOMERS, business_unit="IND")) == {"Acme Iberia", "Bistro Paris"}
    assert names(api.get(CUSTOMERS, industry="Hospitality")) == {"Bistro Paris"}
    assert names(api.get(CUSTOMERS, group=str(acme["head"].public_id))) == {
        "Acme Group",
        "Acme Iberia",
        "Acme Nordics",
    }


def test_it_sorts_customers(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    SalesFactFactory.create(customer=acme["lone"], period=this_month(), revenue=Decimal("5"))
    SalesFactFactory.create(customer=acme["theirs"], period=this_month(), revenue=Decimal("50"))
    api = as_user(cast.director)
    by_name = [i["name"] for i in api.get(CUSTOMERS, sort="-name").json()["items"]]
    assert by_name == ["Lonely Works", "Acme Nordics", "Acme Iberia", "Acme Group"]
    by_revenue = [i["name"] for i in api.get(CUSTOMERS, sort="-revenue").json()["items"]]
    assert by_revenue[:2] == ["Acme Nordics", "Lonely Works"]


def test_it_rejects_an_unknown_sort(as_user: Any, cast: Cast) -> None:
    r = as_user(cast.director).get(CUSTOMERS, sort="password")
    assert r.status_code == 422


def test_it_pages_customers(as_user: Any, cast: Cast) -> None:
    for n in range(7):
        CustomerFactory.create(name=f"Customer {n}", business_unit=cast.unit)
    api = as_user(cast.director)
    r = api.get(CUSTOMERS, limit=3, offset=3)
    assert r.json()["count"] == 7
    assert [i["name"] for i in r.json()["items"]] == ["Customer 3", "Customer 4", "Customer 5"]
    assert len(api.get(CUSTOMERS, limit=3, offset=6).json()["items"]) == 1


def test_it_caps_the_page_size(as_user: Any, cast: Cast) -> None:
    r = as_user(cast.director).get(CUSTOMERS, limit=201)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "limit"


@pytest.mark.parametrize("rows", [3, 30])
def test_the_customer_list_costs_the_same_queries_for_any_number_of_rows(
    client: Client, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries, rows: int
) -> None:
    head = CustomerFactory.create(business_unit=cast.unit)
    for _ in range(rows - 1):
        customer = CustomerFactory.create(parent=head, business_unit=cast.unit)
        SalesFactFactory.create(customer=customer, period=this_month())
    api = api_client_for(client, cast.pcdirector)
    api.get(CUSTOMERS)  # records the token's first use
    # token + user, memberships, count, page, the currency
    with django_assert_num_queries(5):
        r = api.get(CUSTOMERS, limit=50)
    assert r.json()["count"] == rows


#
# One customer
#


def test_it_shows_a_customer_with_its_place_in_the_group(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    acme["ours"].attributes = {"segment": "retail"}
    acme["ours"].save()
    child = CustomerFactory.create(name="Acme Lisboa", parent=acme["ours"], business_unit=cast.unit)
    r = as_user(cast.director).get(f"{CUSTOMERS}/{acme['ours'].public_id}")
    assert r.status_code == 200
    body = r.json()
    assert body["parent"]["name"] == "Acme Group"
    assert body["group"]["id"] == str(acme["head"].public_id)
    assert [c["id"] for c in body["children"]] == [str(child.public_id)]
    assert body["attributes"] == {"segment": "retail"}


def test_a_group_head_has_no_group(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    body = as_user(cast.pcdirector).get(f"{CUSTOMERS}/{acme['head'].public_id}").json()
    assert body["group"] is None
    assert body["parent"] is None
    # Only the subsidiary in the director's unit is listed.
    assert [c["name"] for c in body["children"]] == ["Acme Iberia"]


@pytest.mark.parametrize("persona", ["outsider", "pcdirector", "member"])
def test_it_answers_404_for_customers_out_of_sight(
    as_user: Any, cast: Cast, acme: dict[str, Customer], persona: str
) -> None:
    r = as_user(getattr(cast, persona)).get(f"{CUSTOMERS}/{acme['theirs'].public_id}")
    assert r.status_code == 404
    assert r.json() == {"detail": "Not found."}


def test_it_answers_404_for_an_unknown_id(as_user: Any, cast: Cast) -> None:
    r = as_user(cast.director).get(f"{CUSTOMERS}/00000000-0000-4000-8000-000000000000")
    assert r.status_code == 404


#
# Editing a customer
#


@pytest.mark.parametrize("persona", ["director", "kam", "admin"])
def test_it_lets_programme_staff_edit_a_customer(
    as_user: Any, cast: Cast, acme: dict[str, Customer], persona: str
) -> None:
    CountryFactory.create(code="PT", name="Portugal")
    r = as_user(getattr(cast, persona)).patch(
        f"{CUSTOMERS}/{acme['ours'].public_id}",
        {"name": "Acme Iberia SA", "country": "pt", "size": "", "attributes": {"tier": "gold"}},
    )
    assert r.status_code == 200
    assert r.json()["name"] == "Acme Iberia SA"
    assert r.json()["country"] == "PT"
    acme["ours"].refresh_from_db()
    assert acme["ours"].size == ""
    assert acme["ours"].attributes == {"tier": "gold"}
    assert acme["ours"].industry == "Food & beverage"  # left out, so unchanged
    event = AuditEvent.objects.get(action="customer.update")
    assert event.actor == getattr(cast, persona)


@pytest.mark.parametrize("persona", ["viewer", "executive", "pcdirector", "member"])
def test_it_forbids_readers_to_edit(
    as_user: Any, cast: Cast, acme: dict[str, Customer], persona: str
) -> None:
    r = as_user(getattr(cast, persona)).patch(
        f"{CUSTOMERS}/{acme['ours'].public_id}", {"name": "Hacked"}
    )
    assert r.status_code == 403
    acme["ours"].refresh_from_db()
    assert acme["ours"].name == "Acme Iberia"


def test_it_hides_from_outsiders_what_they_cannot_edit(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    r = as_user(cast.outsider).patch(f"{CUSTOMERS}/{acme['ours'].public_id}", {"name": "X"})
    assert r.status_code == 404


def test_it_clears_the_country(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    r = as_user(cast.kam).patch(f"{CUSTOMERS}/{acme['ours'].public_id}", {"country": None})
    assert r.json()["country"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"business_unit": "NOPE"}, "business_unit"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"size": "huge"}, "size"),
        ({"nmae": "typo"}, "nmae"),
    ],
)
def test_it_rejects_bad_edits_field_by_field(
    as_user: Any, cast: Cast, acme: dict[str, Customer], body: dict[str, Any], field: str
) -> None:
    r = as_user(cast.kam).patch(f"{CUSTOMERS}/{acme['ours'].public_id}", body)
    assert r.status_code == 422
    assert any(field in e["loc"] for e in r.json()["detail"])
