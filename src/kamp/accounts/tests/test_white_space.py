"""White space: cell statuses from the data and the KAM's marks, totals, gaps, page and API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.accounts import services
from kamp.accounts.models import KeyAccount
from kamp.accounts.services import key_account_nominate
from kamp.accounts.whitespace import build_matrix
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.organisation.models import Country
from kamp.organisation.tests.factories import ProductLineFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

D = Decimal


def test_totals_gaps_and_share_of_wallet() -> None:
    revenue = {("FR", "P"): D(30), ("DE", "P"): D(10)}
    marks = {
        ("FR", "P"): ("sold", D(100), ""),
        ("FR", "V"): ("competitor", D(50), "Rival"),
        ("DE", "V"): ("not_applicable", D(999), ""),
    }
    m = build_matrix(["DE", "FR"], ["P", "V"], revenue, marks)
    assert m.cells[("DE", "P")].status == "sold"  # revenue, no mark
    assert m.cells[("FR", "P")].share_of_wallet == 0.3
    assert m.cells[("DE", "V")].gap == 0  # not applicable counts for nothing
    assert (m.total.revenue, m.total.wallet, m.total.gap) == (D(40), D(150), D(120))
    assert m.row_totals["FR"].gap == D(120) and m.row_totals["DE"].wallet == 0
    assert m.column_totals["V"].wallet == D(50)
    assert [(c.row, c.column, c.gap) for c in m.biggest_gaps] == [
        ("FR", "P", D(70)),
        ("FR", "V", D(50)),
    ]
    assert m.total.share_of_wallet == pytest.approx(40 / 150)


def test_a_cell_without_revenue_or_mark_is_white_space() -> None:
    m = build_matrix(["FR"], ["P"], {}, {})
    cell = m.cells[("FR", "P")]
    assert (cell.status, cell.gap) == ("white_space", D(0))
    assert cell.share_of_wallet is None
    assert m.biggest_gaps == []


@pytest.fixture
def account(cast: Cast) -> KeyAccount:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    return account


@pytest.mark.django_db
def test_the_page_and_the_api(
    client: Client,
    cast: Cast,
    account: KeyAccount,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    child = CustomerFactory.create(parent=account.customer, business_unit=cast.unit)
    pumps = ProductLineFactory.create(code="PUMP", name="Pumps")
    month = dt.date.today().replace(day=1)
    SalesFactFactory.create(customer=child, product_line=pumps, period=month)
    france = Country.objects.create(code="FX", name="Fraxia")
    url = reverse("accounts:white-space", args=[account.public_id])
    client.force_login(cast.kam)
    data = {
        "country": france.pk,
        "product_line": pumps.pk,
        "status": "opportunity",
        "wallet_estimate": "50000",
        "competitor": "",
    }
    r = client.post(url, data, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Open opportunity" in r.content.decode()
    with django_assert_num_queries(12):
        assert "Fraxia" in client.get(url).content.decode()
    valves = ProductLineFactory.create(code="VALV", name="Valves")
    services.white_space_mark(
        actor=cast.kam,
        key_account=account,
        country=france,
        product_line=valves,
        status="competitor",
    )
    with django_assert_num_queries(12):
        client.get(url)
    api = api_client_for(client, cast.kam)
    path = f"/api/v1/key-accounts/{account.public_id}/white-space"
    body = api.get(path).json()
    assert body["total"]["revenue"] == 10000 and body["total"]["wallet"] == 50000
    mark = {
        "country": "FX",
        "product_line": "VALV",
        "status": "competitor",
        "wallet_estimate": 8000,
    }
    assert api.request("PUT", f"{path}/cells", mark).json()["total"]["wallet"] == 58000
    assert (
        api_client_for(client, cast.viewer).request("PUT", f"{path}/cells", mark).status_code == 403
    )
    with pytest.raises(PermissionDenied):
        services.white_space_mark(
            actor=cast.viewer,
            key_account=account,
            country=france,
            product_line=valves,
            status="sold",
        )
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_rows_can_be_the_groups_divisions(client: Client, cast: Cast, account: KeyAccount) -> None:
    child = CustomerFactory.create(
        parent=account.customer, business_unit=cast.unit, name="Acme Water", source_id="AW"
    )
    pumps = ProductLineFactory.create(code="PUMP", name="Pumps")
    SalesFactFactory.create(
        customer=child, product_line=pumps, period=dt.date.today().replace(day=1)
    )
    stranger = CustomerFactory.create(source_id="ZZ")
    with pytest.raises(ValidationError, match="account's group"):
        services.white_space_mark(
            actor=cast.kam,
            key_account=account,
            division=stranger,
            product_line=pumps,
            status="sold",
        )
    with pytest.raises(ValidationError, match="not both"):
        services.white_space_mark(
            actor=cast.kam, key_account=account, product_line=pumps, status="sold"
        )
    api = api_client_for(client, cast.kam)
    path = f"/api/v1/key-accounts/{account.public_id}/white-space"
    mark = {"division": "AW", "product_line": "PUMP", "status": "sold", "wallet_estimate": 40000}
    body = api.request("PUT", f"{path}/cells", mark).json()
    assert body["by"] == "division" and body["cells"][0]["row"] == "AW"
    assert body["cells"][0]["share_of_wallet"] == 0.25
    assert api.get(path).json()["total"]["wallet"] == 0  # the country view has no wallet yet
    client.force_login(cast.kam)
    page = client.get(reverse("accounts:white-space", args=[account.public_id]), {"by": "division"})
    assert "Acme Water" in page.content.decode()
