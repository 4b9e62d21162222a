"""The company's currency: set by the programme director (page and API), shown everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.core.models import AuditEvent
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.organisation.selectors import company_currency
from kamp.organisation.services import company_settings_update
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db

COMPANY = "/api/v1/company"


def test_the_currency_is_eur_until_the_director_sets_one(cast: Cast) -> None:
    assert company_currency() == "EUR"
    company_settings_update(actor=cast.director, currency="usd")
    assert company_currency() == "USD"
    event = AuditEvent.objects.get(action="company_settings.update")
    assert event.actor == cast.director
    assert event.changes == {"currency": ["EUR", "USD"]}


@pytest.mark.parametrize("code", ["EURO", "XYZ", "eu", ""])
def test_a_currency_must_be_an_iso_4217_code(cast: Cast, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        company_settings_update(actor=cast.director, currency=code)
    assert "currency" in error.value.message_dict
    assert company_currency() == "EUR"


@pytest.mark.parametrize("persona", ["kam", "executive", "pcdirector", "viewer", "outsider"])
def test_only_the_director_sets_the_currency(cast: Cast, client: Client, persona: str) -> None:
    user = getattr(cast, persona)
    with pytest.raises(PermissionDenied):
        company_settings_update(actor=user, currency="USD")
    client.force_login(user)
    url = reverse("organisation:company-settings")
    assert client.get(url).status_code == 403
    assert client.post(url, {"currency": "USD"}).status_code == 403
    api = api_client_for(client, user)
    assert api.get(COMPANY).status_code == 200
    assert api.patch(COMPANY, {"currency": "USD"}).status_code == 403
    assert company_currency() == "EUR"


def test_the_director_sets_the_currency_on_the_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.director)
    home = client.get("/customers/")
    assert reverse("organisation:company-settings") in home.content.decode()
    url = reverse("organisation:company-settings")
    page = client.get(url)
    assert page.status_code == 200
    assert "€1,234,567.50" in page.content.decode()
    assert client.post(url, {"currency": "QQQ"}).status_code == 200
    assert client.post(url, {"currency": "CHF"}).status_code == 302
    assert company_currency() == "CHF"
    page = client.get(url, headers={"accept-language": "fr"})
    assert "CHF" in page.content.decode()


def test_the_director_sets_the_currency_through_the_api(cast: Cast, client: Client) -> None:
    api = api_client_for(client, cast.director)
    assert api.get(COMPANY).json() == {"currency": "EUR"}
    assert api.patch(COMPANY, {"currency": "GBP"}).json() == {"currency": "GBP"}
    assert api.get(COMPANY).json() == {"currency": "GBP"}
    bad = api.patch(COMPANY, {"currency": "ABC"})
    assert bad.status_code == 422
    assert api.get(COMPANY).json() == {"currency": "GBP"}
    assert api.patch(COMPANY, {}).json() == {"currency": "GBP"}


def test_the_directors_currency_shows_on_pages_and_in_the_api(cast: Cast, client: Client) -> None:
    customer = CustomerFactory.create(name="Acme Iberia")
    SalesFactFactory.create(
        customer=customer, period=dt.date.today().replace(day=1), revenue=Decimal("1234567.50")
    )
    client.force_login(cast.viewer)
    customers = reverse("customers:customer-list")
    assert "€1,234,568" in client.get(customers).content.decode()
    spanish = client.get(customers, headers={"accept-language": "es"}).content.decode()
    assert "1.234.568\xa0€" in spanish
    api = api_client_for(client, cast.viewer)
    (item,) = api.get("/api/v1/customers").json()["items"]
    assert (item["revenue_12m"], item["currency"]) == (1234567.5, "EUR")

    company_settings_update(actor=cast.director, currency="CHF")
    page = client.get(customers).content.decode()
    assert "CHF\xa01,234,568" in page and "€" not in page
    (item,) = api.get("/api/v1/customers").json()["items"]
    assert item["currency"] == "CHF"
