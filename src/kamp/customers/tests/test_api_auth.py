"""API authentication (tokens, sessions, CSRF), tried on the customers API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from kamp.customers.tests.api import CUSTOMERS
from kamp.users.services import token_create, token_revoke
from tests.openapi import ApiClient, api_client_for

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.customers.models import Customer

pytestmark = pytest.mark.django_db

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
