"""A stakeholder's contact is renamed or deleted only by who may change the stakeholder (issue 11,
finding 3): the customers pages, API and services ask the accounts app's guard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kamp.accounts import services
from kamp.accounts.models import KeyAccount, Stakeholder
from kamp.customers import services as customer_services
from kamp.customers.models import Contact
from kamp.customers.tests.factories import ContactFactory, CustomerFactory
from kamp.organisation.models import Membership
from kamp.organisation.tests.factories import MembershipFactory, UserFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_kam() -> User:
    """A KAM of the whole base (so they may change any contact) but not of this account."""
    user = UserFactory.create(username="other-kam")
    MembershipFactory.create(user=user, role=Membership.Role.KAM, business_unit=None)
    return user


@pytest.fixture
def mapped(cast: Cast) -> Contact:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = services.key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    contact = ContactFactory.create(customer=group, name="Ada CEO")
    services.stakeholder_add(actor=cast.kam, key_account=account, contact=contact)
    return contact


def test_another_kam_cannot_rename_or_delete_a_stakeholder_through_the_contact_pages(
    client: Client, cast: Cast, mapped: Contact, other_kam: User
) -> None:
    client.force_login(other_kam)
    edit = reverse("customers:contact-edit", args=[mapped.public_id])
    delete = reverse("customers:contact-delete", args=[mapped.public_id])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Renamed"}).status_code == 403
    assert client.post(delete).status_code == 403
    mapped.refresh_from_db()
    assert mapped.name == "Ada CEO"
    free = ContactFactory.create(customer=mapped.customer, name="Not mapped")
    free_edit = reverse("customers:contact-edit", args=[free.public_id])
    assert client.get(free_edit).status_code == 200  # not on a map: the customer rule alone
    client.force_login(cast.kam)
    assert client.post(edit, {"name": "Ada Chair"}).status_code == 302
    client.force_login(cast.director)
    assert client.post(delete).status_code == 302
    assert not Stakeholder.objects.exists()


def test_another_kam_cannot_rename_or_delete_a_stakeholder_through_the_api(
    client: Client, cast: Cast, mapped: Contact, other_kam: User
) -> None:
    path = f"/api/v1/contacts/{mapped.public_id}"
    api = api_client_for(client, other_kam)
    assert api.patch(path, {"name": "Renamed"}).status_code == 403
    assert api.delete(path).status_code == 403
    assert api.get(path).status_code == 200  # reading stays open
    owner = UserFactory.create(username="owner")
    MembershipFactory.create(user=owner, role=Membership.Role.KAM, business_unit=None)
    Stakeholder.objects.filter(contact=mapped).update(owner=owner)
    assert api_client_for(client, owner).patch(path, {"title": "CEO"}).status_code == 200
    kam = api_client_for(client, cast.kam)
    assert kam.patch(path, {"name": "Ada Chair"}).status_code == 200
    assert kam.delete(path).status_code == 204
    assert not Contact.objects.filter(pk=mapped.pk).exists()


def test_the_services_check_the_stakeholder_too(
    cast: Cast, mapped: Contact, other_kam: User
) -> None:
    with pytest.raises(PermissionDenied):
        customer_services.contact_update(actor=other_kam, contact=mapped, name="Renamed")
    with pytest.raises(PermissionDenied):
        customer_services.contact_delete(actor=other_kam, contact=mapped)
    customer_services.contact_update(actor=cast.director, contact=mapped, name="Ada Chair")
