"""Key accounts: nomination, KAM assignment, status changes, who sees and changes what."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.accounts.models import KeyAccount
from kamp.accounts.services import key_account_nominate, key_account_update
from kamp.core.models import AuditEvent
from kamp.customers.tests.factories import CustomerFactory
from kamp.users.services import token_create

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast
    from kamp.customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(cast: Cast) -> Customer:
    return CustomerFactory.create(name="Acme Group", source_id="ACME", business_unit=cast.unit)


def test_nomination_is_idempotent_and_audited(cast: Cast, group: Customer) -> None:
    first = key_account_nominate(actor=cast.executive, customer=group, tier="gold")
    again = key_account_nominate(actor=cast.executive, customer=group, tier="silver")
    assert first.pk == again.pk and again.tier == "gold"
    assert first.status == KeyAccount.Status.NOMINATED and first.kam is None
    assert AuditEvent.objects.filter(action="key_account.nominate").count() == 1


def test_a_subsidiary_is_not_a_key_account(cast: Cast, group: Customer) -> None:
    child = CustomerFactory.create(parent=group)
    with pytest.raises(ValidationError, match="whole group"):
        key_account_nominate(actor=None, customer=child, tier="gold")


def test_the_director_assigns_a_kam_and_moves_the_status_along(cast: Cast, group: Customer) -> None:
    account = key_account_nominate(actor=None, customer=group, tier="silver")
    key_account_update(actor=cast.director, key_account=account, kam=cast.kam, status="validated")
    account.refresh_from_db()
    assert (account.kam, account.status) == (cast.kam, "validated")
    with pytest.raises(ValidationError, match="cannot go"):
        key_account_update(actor=cast.director, key_account=account, status="nominated")
    with pytest.raises(ValidationError, match="key account manager role"):
        key_account_update(actor=cast.director, key_account=account, kam=cast.viewer)
    key_account_update(actor=cast.director, key_account=account, status="exited")
    account.refresh_from_db()
    assert account.exited_on is not None
    # Once exited, the group can be nominated again.
    assert key_account_nominate(actor=None, customer=group, tier="bronze").pk != account.pk


@pytest.mark.parametrize("persona", ["kam", "executive", "viewer", "pcdirector"])
def test_others_cannot_change_key_accounts(cast: Cast, group: Customer, persona: str) -> None:
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    with pytest.raises(PermissionDenied):
        key_account_update(actor=getattr(cast, persona), key_account=account, tier="silver")


def test_pages_follow_the_customer_scope(client: Client, cast: Cast, group: Customer) -> None:
    ours = key_account_nominate(actor=None, customer=group, tier="gold")
    other = CustomerFactory.create(name="Beta Group", business_unit=cast.other_unit)
    theirs = key_account_nominate(actor=None, customer=other, tier="silver")
    client.force_login(cast.pcdirector)
    body = client.get(reverse("accounts:key-account-list")).content.decode()
    assert "Acme Group" in body and "Beta Group" not in body
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.post(ours.get_absolute_url(), {"tier": "bronze"}).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(ours.get_absolute_url()).status_code == 404


def test_the_director_edits_on_the_page(client: Client, cast: Cast, group: Customer) -> None:
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    client.force_login(cast.director)
    r = client.post(
        account.get_absolute_url(), {"kam": cast.kam.pk, "tier": "silver", "status": "validated"}
    )
    assert r.status_code == 302
    account.refresh_from_db()
    assert (account.kam, account.tier, account.status) == (cast.kam, "silver", "validated")
    r = client.post(
        account.get_absolute_url(), {"kam": "", "tier": "silver", "status": "nominated"}
    )
    assert r.status_code == 200 and "cannot go" in r.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_costs_constant_queries(
    client: Client, cast: Cast, count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for i in range(count):
        customer = CustomerFactory.create(name=f"Group {i}")
        account = key_account_nominate(actor=None, customer=customer, tier="gold")
        key_account_update(actor=cast.director, key_account=account, kam=cast.kam)
    client.force_login(cast.director)
    client.get(reverse("accounts:key-account-list"))
    with django_assert_num_queries(5):
        assert client.get(reverse("accounts:key-account-list")).status_code == 200


def test_the_director_names_an_executive_sponsor(cast: Cast, group: Customer) -> None:
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    key_account_update(actor=cast.director, key_account=account, kam=cast.kam)
    key_account_update(actor=cast.director, key_account=account, sponsor=cast.executive)
    account.refresh_from_db()
    assert account.sponsor == cast.executive
    event = AuditEvent.objects.filter(action="key_account.update").latest("id")
    assert "sponsor" in event.changes
    with pytest.raises(ValidationError, match="executive committee"):
        key_account_update(actor=cast.director, key_account=account, sponsor=cast.viewer)
    with pytest.raises(PermissionDenied):
        key_account_update(actor=cast.kam, key_account=account, sponsor=cast.executive)


def test_the_sponsor_is_never_the_accounts_own_kam(cast: Cast, group: Customer) -> None:
    from kamp.organisation.models import Membership
    from kamp.organisation.tests.factories import MembershipFactory

    MembershipFactory.create(user=cast.kam, role=Membership.Role.EXECUTIVE)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    key_account_update(actor=cast.director, key_account=account, kam=cast.kam)
    with pytest.raises(ValidationError, match="own KAM"):
        key_account_update(actor=cast.director, key_account=account, sponsor=cast.kam)


def test_the_sponsor_is_set_on_the_page_and_through_the_api(
    client: Client, cast: Cast, group: Customer
) -> None:
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    client.force_login(cast.director)
    r = client.post(
        account.get_absolute_url(),
        {"kam": cast.kam.pk, "sponsor": cast.executive.pk, "tier": "gold", "status": "nominated"},
    )
    assert r.status_code == 302
    account.refresh_from_db()
    assert account.sponsor == cast.executive
    _token, raw = token_create(actor=cast.director, user=cast.director, name="script")
    url = f"/api/v1/key-accounts/{account.public_id}"
    auth = {"Authorization": f"Bearer {raw}"}
    r = client.patch(url, {"sponsor": "nobody-here"}, content_type="application/json", headers=auth)
    assert r.status_code == 422
    r = client.patch(url, {"sponsor": None}, content_type="application/json", headers=auth)
    assert r.status_code == 200
    account.refresh_from_db()
    assert account.sponsor is None
