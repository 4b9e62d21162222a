"""Issue 11: a person's data exported in one file and erased on request, the erasure audited."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.accounts.models import KeyAccount, Stakeholder
from kamp.accounts.services import key_account_nominate, stakeholder_add
from kamp.core.models import AuditEvent
from kamp.customers.models import Contact
from kamp.customers.services import contact_create, contact_erase, contact_personal_data
from kamp.customers.tests.factories import CustomerFactory
from kamp.programme.models import Engagement, Sponsorship
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Ana García", "ana.garcia@acme.example"


@pytest.fixture
def account(cast: Cast) -> KeyAccount:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    return account


@pytest.fixture
def ana(cast: Cast, account: KeyAccount) -> Contact:
    ana = contact_create(
        actor=cast.director, customer=account.customer, name=NAME, email=EMAIL, title="Buyer"
    )
    stakeholder_add(
        actor=cast.kam,
        key_account=account,
        contact=ana,
        attitude="hostile",
        notes="Blocks every price rise.",
    )
    Engagement.objects.create(
        key_account=account,
        kind=Engagement.Kind.MEETING,
        held_on=dt.date(2026, 5, 4),
        summary=f"Lunch with {NAME}: she wants a discount.",
    )
    Sponsorship.objects.create(key_account=account, counterpart=ana, cadence_days=30)
    return ana


def test_the_export_holds_everything_on_the_person(cast: Cast, ana: Contact) -> None:
    data = contact_personal_data(actor=cast.director, contact=ana)
    assert data["contact"]["name"] == NAME
    assert data["contact"]["email"] == EMAIL
    assert data["contact"]["customer"]["name"] == "Acme Group"
    record, sponsorship = sorted(data["records"], key=lambda r: r["model"])
    assert sponsorship["model"] == "programme.sponsorship"
    assert record["model"] == "accounts.stakeholder"
    assert record["fields"]["attitude"] == "hostile"
    assert record["fields"]["notes"] == "Blocks every price rise."
    (mention,) = data["mentions"]
    assert (mention["model"], mention["field"]) == ("programme.engagement", "summary")
    assert NAME in mention["text"]
    actions = {e["action"] for e in data["audit_events"]}
    assert "contact.create" in actions
    json.dumps(data)  # one JSON file
    assert AuditEvent.objects.filter(action="contact.personal_data_export").count() == 1


def test_the_erasure_removes_the_person_and_audits_without_their_data(
    cast: Cast, ana: Contact
) -> None:
    contact_personal_data(actor=cast.director, contact=ana)
    report = contact_erase(
        actor=cast.director, contact=ana, reason=f"{NAME} asked by email ({EMAIL})."
    )
    assert report.removed == {"accounts.stakeholder": 1, "customers.contact": 1}
    assert report.unlinked == {"programme.sponsorship": 1}
    kept = Sponsorship.objects.get()  # the account's sponsorship stays, without the person
    assert (kept.counterpart, kept.cadence_days) == (None, 30)
    assert report.audit_events_blanked >= 2  # created, exported (and put on the map)
    assert [(m.model, m.field) for m in report.mentions_left] == [
        ("programme.engagement", "summary")
    ]
    assert not Contact.objects.filter(name=NAME).exists()
    assert not Stakeholder.objects.exists()
    assert Engagement.objects.get().summary.startswith("Lunch with Ana")  # left, and reported

    (erased,) = AuditEvent.objects.filter(action="contact.erase")
    assert erased.actor == cast.director
    assert erased.changes["reason"] == "[erased] asked by email ([erased])."
    assert erased.changes["removed"] == report.removed
    trail = json.dumps([[e.object_repr, e.changes] for e in AuditEvent.objects.all()])
    assert "García" not in trail and "Garc\\u00eda" not in trail and EMAIL not in trail


def test_only_the_programme_director_handles_personal_data(cast: Cast, ana: Contact) -> None:
    for persona in (cast.kam, cast.pcdirector, cast.viewer, cast.executive):
        with pytest.raises(PermissionDenied):
            contact_personal_data(actor=persona, contact=ana)
        with pytest.raises(PermissionDenied):
            contact_erase(actor=persona, contact=ana, reason="asked")
    with pytest.raises(ValidationError):
        contact_erase(actor=cast.director, contact=ana, reason="  ")
    assert Contact.objects.filter(pk=ana.pk).exists()


def test_the_api_exports_and_erases(client: Client, cast: Cast, ana: Contact) -> None:
    base = f"/api/v1/contacts/{ana.public_id}"
    director = api_client_for(client, cast.director)
    exported = director.get(f"{base}/personal-data")  # checked against the OpenAPI schema
    assert exported.status_code == 200
    assert exported.json()["contact"]["email"] == EMAIL
    assert director.post(f"{base}/erase", {"reason": ""}).status_code == 422
    erased = director.post(f"{base}/erase", {"reason": "Asked in writing."})
    assert erased.status_code == 200
    assert erased.json()["removed"]["customers.contact"] == 1
    assert director.get(f"{base}/personal-data").status_code == 404


def test_the_api_refuses_everyone_else(client: Client, cast: Cast, ana: Contact) -> None:
    base = f"/api/v1/contacts/{ana.public_id}"
    assert client.get(f"{base}/personal-data").status_code == 401
    kam = api_client_for(client, cast.kam)  # may change the contact, not handle the request
    assert kam.get(f"{base}/personal-data").status_code == 403
    assert kam.post(f"{base}/erase", {"reason": "x"}).status_code == 403
    outsider = api_client_for(client, cast.outsider)
    assert outsider.get(f"{base}/personal-data").status_code == 404
    assert outsider.post(f"{base}/erase", {"reason": "x"}).status_code == 404
    assert Contact.objects.filter(pk=ana.pk).exists()


def test_the_page_exports_and_erases_after_confirmation(
    client: Client, cast: Cast, ana: Contact
) -> None:
    client.force_login(cast.director)
    page_url = reverse("customers:contact-personal-data", args=[ana.public_id])
    detail = client.get(ana.customer.get_absolute_url())
    assert page_url in detail.content.decode()
    assert client.get(page_url).status_code == 200

    download = client.get(reverse("customers:contact-personal-data-download", args=[ana.public_id]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert json.loads(download.content)["contact"]["name"] == NAME

    unconfirmed = client.post(page_url, {"reason": "Asked."})
    assert unconfirmed.status_code == 200
    assert Contact.objects.filter(pk=ana.pk).exists()
    done = client.post(page_url, {"reason": "Asked.", "confirm": "on"})
    assert done.status_code == 200
    assert "programme.engagement" in done.content.decode()
    assert not Contact.objects.filter(pk=ana.pk).exists()


def test_the_page_is_the_directors_only(client: Client, cast: Cast, ana: Contact) -> None:
    page_url = reverse("customers:contact-personal-data", args=[ana.public_id])
    download_url = reverse("customers:contact-personal-data-download", args=[ana.public_id])
    client.force_login(cast.kam)
    assert page_url not in client.get(ana.customer.get_absolute_url()).content.decode()
    assert client.get(page_url).status_code == 403
    assert client.post(page_url, {"reason": "x", "confirm": "on"}).status_code == 403
    assert client.get(download_url).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(page_url).status_code == 404
    assert Contact.objects.filter(pk=ana.pk).exists()
