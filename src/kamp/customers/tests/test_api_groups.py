"""The customers API: groups and sales summaries, as each persona sees them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from kamp.customers.tests.api import CUSTOMERS, GROUPS, names, this_month
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.organisation.tests.factories import ProductLineFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast
    from kamp.customers.models import Customer

pytestmark = pytest.mark.django_db

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
    with django_assert_num_queries(5):
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
        "currency": "EUR",
    }
    assert body["by_year"] == []


def test_sales_are_hidden_from_outsiders(
    as_user: Any, cast: Cast, acme: dict[str, Customer]
) -> None:
    url = f"{CUSTOMERS}/{acme['theirs'].public_id}/sales-summary"
    assert as_user(cast.outsider).get(url).status_code == 404
    assert as_user(cast.pcdirector).get(url).status_code == 404
