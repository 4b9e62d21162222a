"""The customers API as each persona sees it; every response is checked against the schema."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from kamp.core.models import AuditEvent
from kamp.customers.models import Contact, Customer
from kamp.customers.tests.factories import ContactFactory, CustomerFactory, SalesFactFactory
from kamp.organisation.tests.factories import CountryFactory, ProductLineFactory
from kamp.users.models import ApiToken
from kamp.users.services import token_create, token_revoke
from tests.openapi import ApiClient, api_client_for

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast
    from kamp.users.models import User

pytestmark = pytest.mark.django_db

CUSTOMERS = "/api/v1/customers"
GROUPS = "/api/v1/groups"


def this_month() -> dt.date:
    return dt.date.today().replace(day=1)


@pytest.fixture
def as_user(client: Client) -> Any:
    """``as_user(cast.kam)``: an API client holding a token of that user."""

    def make(user: User) -> ApiClient:
        return api_client_for(client, user)

    return make


@pytest.fixture
def acme(cast: Cast) -> dict[str, Customer]:
    """A group headed in the other unit, with one company in ``cast.unit`` and one outside it.

    The unit-scoped personas see ``head`` (it is their customer's group) and ``ours``, nothing else.
    """
    head = CustomerFactory.create(
        name="Acme Group", source_id="ACME", business_unit=cast.other_unit
    )
    ours = CustomerFactory.create(
        name="Acme Iberia", source_id="ACME-ES", parent=head, business_unit=cast.unit
    )
    theirs = CustomerFactory.create(
        name="Acme Nordics", source_id="ACME-SE", parent=head, business_unit=cast.other_unit
    )
    lone = CustomerFactory.create(
        name="Lonely Works", source_id="LONE", business_unit=cast.other_unit
    )
    return {"head": head, "ours": ours, "theirs": theirs, "lone": lone}


def names(response: Any) -> set[str]:
    return {item["name"] for item in response.json()["items"]}


#
# Authentication
#


def test_it_requires_credentials(client: Client, cast: Cast) -> None:
    r = ApiClient(client).get(CUSTOMERS)
    assert r.status_code == 401
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_it_rejects_an_unknown_token(client: Client, cast: Cast) -> None:
    assert ApiClient(client, "kamp_not-a-real-token").get(CUSTOMERS).status_code == 401


def test_it_rejects_a_revoked_token(client: Client, cast: Cast) -> None:
    token, raw = token_create(actor=cast.kam, user=cast.kam, name="script")
    api = ApiClient(client, raw)
    assert api.get(CUSTOMERS).status_code == 200
    token_revoke(actor=cast.kam, token=token)
    assert api.get(CUSTOMERS).status_code == 401


def test_it_rejects_the_token_of_a_deactivated_user(client: Client, cast: Cast) -> None:
    _token, raw = token_create(actor=cast.kam, user=cast.kam, name="script")
    cast.kam.is_active = False
    cast.kam.save()
    assert ApiClient(client, raw).get(CUSTOMERS).status_code == 401


def test_it_records_when_a_token_was_used(client: Client, cast: Cast) -> None:
    token, raw = token_create(actor=cast.kam, user=cast.kam, name="script")
    ApiClient(client, raw).get(CUSTOMERS)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_accepts_a_browser_session(client: Client, cast: Cast, acme: dict[str, Any]) -> None:
    client.force_login(cast.director)
    r = ApiClient(client).get(CUSTOMERS)
    assert r.status_code == 200
    assert r.json()["count"] == 4


def test_a_bad_token_is_refused_even_with_a_session(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    assert ApiClient(client, "kamp_wrong").get(CUSTOMERS).status_code == 401


def test_session_writes_need_the_csrf_token(cast: Cast, acme: dict[str, Customer]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.director)
    url = f"{CUSTOMERS}/{acme['lone'].public_id}"
    api = ApiClient(client)
    r = api.patch(url, {"industry": "Chemicals"})
    assert r.status_code == 403

    secret = "k" * 32  # what Django's CSRF cookie holds; a page would have set it
    client.cookies["csrftoken"] = secret
    api.headers = {"X-CSRFToken": secret}
    assert api.patch(url, {"industry": "Chemicals"}).status_code == 200


def test_token_writes_need_no_csrf_token(cast: Cast, acme: dict[str, Customer]) -> None:
    client = Client(enforce_csrf_checks=True)
    r = api_client_for(client, cast.kam).patch(
        f"{CUSTOMERS}/{acme['lone'].public_id}", {"industry": "Chemicals"}
    )
    assert r.status_code == 200


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
    # token + user, memberships, count, page
    with django_assert_num_queries(4):
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


#
# Groups
#


def test_it_lists_groups_with_rolled_up_figures(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    for key, amount in [("head", "100"), ("ours", "20"), ("theirs", "3"), ("lone", "7")]:
        SalesFactFactory.create(customer=acme[key], period=this_month(), revenue=Decimal(amount))
    SalesFactFactory.create(customer=acme["ours"], period=dt.date(2000, 1, 1))
    r = as_user(cast.director).get(GROUPS)
    assert r.status_code == 200
    items = {i["name"]: i for i in r.json()["items"]}
    assert set(items) == {"Acme Group", "Lonely Works"}
    assert items["Acme Group"]["member_count"] == 2
    assert items["Acme Group"]["revenue_12m"] == 123
    assert items["Lonely Works"]["member_count"] == 0
    assert items["Lonely Works"]["revenue_12m"] == 7


def test_a_unit_reader_sees_only_figures_of_his_unit(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    for key, amount in [("head", "100"), ("ours", "20"), ("theirs", "3")]:
        SalesFactFactory.create(customer=acme[key], period=this_month(), revenue=Decimal(amount))
    (group,) = as_user(cast.pcdirector).get(GROUPS).json()["items"]
    assert group["name"] == "Acme Group"
    assert group["member_count"] == 1
    assert group["revenue_12m"] == 120


def test_it_filters_and_sorts_groups(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    api = as_user(cast.director)
    assert names(api.get(GROUPS, with_members=True)) == {"Acme Group"}
    assert names(api.get(GROUPS, q="lonely")) == {"Lonely Works"}
    by_members = [i["name"] for i in api.get(GROUPS, sort="-members").json()["items"]]
    assert by_members == ["Acme Group", "Lonely Works"]


def test_an_outsider_sees_no_groups(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    assert as_user(cast.outsider).get(GROUPS).json() == {"count": 0, "items": []}


@pytest.mark.parametrize("rows", [3, 30])
def test_the_group_list_costs_the_same_queries_for_any_number_of_rows(
    client: Client, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries, rows: int
) -> None:
    for _ in range(rows):
        head = CustomerFactory.create(business_unit=cast.unit)
        member = CustomerFactory.create(parent=head, business_unit=cast.unit)
        SalesFactFactory.create(customer=member, period=this_month())
    api = api_client_for(client, cast.pcdirector)
    api.get(GROUPS)
    with django_assert_num_queries(4):
        r = api.get(GROUPS, limit=50)
    assert r.json()["count"] == rows


def test_it_shows_a_group_with_its_members(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    r = as_user(cast.director).get(f"{GROUPS}/{acme['head'].public_id}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "Acme Group"
    assert body["member_count"] == 2
    assert {m["name"] for m in body["members"]} == {"Acme Iberia", "Acme Nordics"}


def test_a_member_id_answers_with_its_group(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    body = as_user(cast.pcdirector).get(f"{GROUPS}/{acme['ours'].public_id}").json()
    assert body["id"] == str(acme["head"].public_id)
    assert [m["name"] for m in body["members"]] == ["Acme Iberia"]


def test_it_hides_groups_from_outsiders(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    assert as_user(cast.outsider).get(f"{GROUPS}/{acme['head'].public_id}").status_code == 404
    assert as_user(cast.pcdirector).get(f"{GROUPS}/{acme['lone'].public_id}").status_code == 404


#
# Sales summary
#


def test_it_summarises_sales_with_and_without_rollup(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    pumps = ProductLineFactory.create(name="Pumps")
    valves = ProductLineFactory.create(name="Valves")
    last_year = this_month().replace(year=this_month().year - 1)
    sale = SalesFactFactory.create
    sale(customer=acme["head"], period=this_month(), product_line=pumps, revenue=Decimal("1000"))
    sale(customer=acme["ours"], period=this_month(), product_line=valves, revenue=Decimal("500"))
    sale(customer=acme["theirs"], period=last_year, product_line=pumps, revenue=Decimal("100"))
    sale(customer=acme["ours"], period=dt.date(2000, 1, 1), product_line=pumps)
    api = as_user(cast.director)
    url = f"{CUSTOMERS}/{acme['head'].public_id}/sales-summary"

    body = api.get(url).json()
    assert body["rollup"] is True
    assert body["companies"] == 3
    totals = body["last_12_months"]
    assert totals["revenue"] == 1600
    assert totals["margin"] == 9000
    assert totals["quantity"] == 300
    assert totals["margin_pct"] == pytest.approx(562.5)
    assert body["by_year"][0] == {
        "year": 2000,
        "product_line": "Pumps",
        "revenue": 10000,
        "margin": 3000,
        "margin_pct": 30,
    }

    alone = api.get(url, rollup=False).json()
    assert alone["companies"] == 1
    assert alone["last_12_months"]["revenue"] == 1000
    assert [(r["year"], r["product_line"]) for r in alone["by_year"]] == [
        (this_month().year, "Pumps")
    ]


def test_a_subsidiary_rolls_up_what_is_below_it(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    child = CustomerFactory.create(parent=acme["ours"], business_unit=cast.unit)
    SalesFactFactory.create(customer=child, period=this_month(), revenue=Decimal("40"))
    SalesFactFactory.create(customer=acme["ours"], period=this_month(), revenue=Decimal("2"))
    SalesFactFactory.create(customer=acme["head"], period=this_month(), revenue=Decimal("999"))
    body = as_user(cast.kam).get(f"{CUSTOMERS}/{acme['ours'].public_id}/sales-summary").json()
    assert body["companies"] == 2
    assert body["last_12_months"]["revenue"] == 42


def test_a_unit_reader_rolls_up_only_what_he_may_see(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    SalesFactFactory.create(customer=acme["ours"], period=this_month(), revenue=Decimal("20"))
    SalesFactFactory.create(customer=acme["theirs"], period=this_month(), revenue=Decimal("3"))
    body = as_user(cast.member).get(f"{CUSTOMERS}/{acme['head'].public_id}/sales-summary").json()
    assert body["companies"] == 2
    assert body["last_12_months"]["revenue"] == 20


def test_a_customer_without_sales_has_no_margin_pct(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    body = as_user(cast.viewer).get(f"{CUSTOMERS}/{acme['lone'].public_id}/sales-summary").json()
    assert body["last_12_months"] == {
        "revenue": 0,
        "margin": 0,
        "margin_pct": None,
        "quantity": 0,
    }
    assert body["by_year"] == []


def test_sales_are_hidden_from_outsiders(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    url = f"{CUSTOMERS}/{acme['theirs'].public_id}/sales-summary"
    assert as_user(cast.outsider).get(url).status_code == 404
    assert as_user(cast.pcdirector).get(url).status_code == 404


#
# Contacts
#


@pytest.fixture
def ana(acme: dict[str, Customer]) -> Contact:
    return ContactFactory.create(
        customer=acme["ours"], name="Ana García", email="ana@acme.example", source_id="P-1"
    )


def test_it_lists_the_contacts_of_a_customer(
    as_user: Any, cast: Cast, acme: dict[str, Customer], ana: Contact
) -> None:
    ContactFactory.create(customer=acme["theirs"], name="Nils Berg")
    r = as_user(cast.pcdirector).get(f"{CUSTOMERS}/{acme['ours'].public_id}/contacts")
    assert r.status_code == 200
    assert r.json()["count"] == 1
    (item,) = r.json()["items"]
    assert item == {
        "id": str(ana.public_id),
        "contact_id": "P-1",
        "customer": str(acme["ours"].public_id),
        "name": "Ana García",
        "title": "Purchasing director",
        "email": "ana@acme.example",
        "phone": "",
        "reports_to": None,
    }


@pytest.mark.parametrize("rows", [3, 30])
def test_the_contact_list_costs_the_same_queries_for_any_number_of_rows(
    client: Client,
    cast: Cast,
    acme: dict[str, Customer],
    django_assert_num_queries: DjangoAssertNumQueries,
    rows: int,
) -> None:
    boss = ContactFactory.create(customer=acme["ours"], name="Boss")
    for n in range(rows - 1):
        ContactFactory.create(customer=acme["ours"], name=f"Person {n}", reports_to=boss)
    api = api_client_for(client, cast.member)
    url = f"{CUSTOMERS}/{acme['ours'].public_id}/contacts"
    api.get(url)
    # token + user, memberships, customer, count, page
    with django_assert_num_queries(5):
        r = api.get(url, limit=50)
    assert r.json()["count"] == rows


def test_contacts_of_unseen_customers_are_404(
    as_user: Any, cast: Cast, acme: dict[str, Customer], ana: Contact
) -> None:
    api = as_user(cast.outsider)
    assert api.get(f"{CUSTOMERS}/{acme['ours'].public_id}/contacts").status_code == 404
    assert api.get(f"/api/v1/contacts/{ana.public_id}").status_code == 404


def test_it_shows_a_contact(as_user: Any, cast: Cast, ana: Contact) -> None:
    r = as_user(cast.executive).get(f"/api/v1/contacts/{ana.public_id}")
    assert r.status_code == 200
    assert r.json()["name"] == "Ana García"


def test_it_adds_a_contact(
    as_user: Any, cast: Cast, acme: dict[str, Customer], ana: Contact
) -> None:
    r = as_user(cast.kam).post(
        f"{CUSTOMERS}/{acme['ours'].public_id}/contacts",
        {"name": "Luis Pérez", "email": "luis@acme.example", "reports_to": str(ana.public_id)},
    )
    assert r.status_code == 201
    luis = Contact.objects.get(public_id=r.json()["id"])
    assert luis.customer == acme["ours"]
    assert luis.reports_to == ana
    assert AuditEvent.objects.filter(action="contact.create").count() == 1


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_editors_add_contacts(
    as_user: Any, cast: Cast, acme: dict[str, Customer], persona: str, status: int
) -> None:
    r = as_user(getattr(cast, persona)).post(
        f"{CUSTOMERS}/{acme['ours'].public_id}/contacts", {"name": "Luis Pérez"}
    )
    assert r.status_code == status
    assert not Contact.objects.exists()


def test_it_rejects_a_manager_from_another_group(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    stranger = ContactFactory.create(customer=acme["lone"], name="Stranger")
    r = as_user(cast.kam).post(
        f"{CUSTOMERS}/{acme['ours'].public_id}/contacts",
        {"name": "Luis Pérez", "reports_to": str(stranger.public_id)},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "reports_to"]


def test_it_rejects_an_invalid_email(as_user: Any, cast: Cast, acme: dict[str, Customer]) -> None:
    r = as_user(cast.kam).post(
        f"{CUSTOMERS}/{acme['ours'].public_id}/contacts", {"name": "Luis", "email": "nope"}
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "email"]


def test_it_edits_a_contact(as_user: Any, cast: Cast, ana: Contact) -> None:
    r = as_user(cast.director).patch(
        f"/api/v1/contacts/{ana.public_id}", {"title": "CEO", "contact_id": "P-9"}
    )
    assert r.status_code == 200
    ana.refresh_from_db()
    assert (ana.title, ana.source_id, ana.email) == ("CEO", "P-9", "ana@acme.example")


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("outsider", 404)])
def test_only_editors_edit_contacts(
    as_user: Any, cast: Cast, ana: Contact, persona: str, status: int
) -> None:
    r = as_user(getattr(cast, persona)).patch(f"/api/v1/contacts/{ana.public_id}", {"title": "X"})
    assert r.status_code == status


def test_it_removes_a_contact(as_user: Any, cast: Cast, ana: Contact) -> None:
    r = as_user(cast.kam).delete(f"/api/v1/contacts/{ana.public_id}")
    assert r.status_code == 204
    assert not Contact.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("executive", 403), ("outsider", 404)])
def test_only_editors_remove_contacts(
    as_user: Any, cast: Cast, ana: Contact, persona: str, status: int
) -> None:
    assert (
        as_user(getattr(cast, persona)).delete(f"/api/v1/contacts/{ana.public_id}").status_code
        == status
    )
    assert Contact.objects.exists()


def test_tokens_act_with_the_permissions_of_their_user(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    # Tokens have no scopes of their own: a token is exactly as strong as its user.
    api = as_user(cast.member)
    assert names(api.get(CUSTOMERS)) == {"Acme Group", "Acme Iberia"}
    assert ApiToken.objects.get().user == cast.member
