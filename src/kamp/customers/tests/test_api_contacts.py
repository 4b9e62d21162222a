"""The customers API: contacts, as each persona sees them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from kamp.core.models import AuditEvent
from kamp.customers.models import Contact, Customer
from kamp.customers.tests.api import CUSTOMERS, names
from kamp.customers.tests.factories import ContactFactory
from kamp.users.models import ApiToken
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db

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
