"""A small sponsored key account with sales, a counterpart and an initiative, for documents."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from kamp.accounts.models import KeyAccount, RelationshipStageChange, StrategicInitiative
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import ContactFactory, CustomerFactory, SalesFactFactory
from kamp.programme import services

if TYPE_CHECKING:
    from conftest import Cast

TODAY = dt.date(2026, 6, 30)


def sponsored_account(cast: Cast, name: str, *, unit: str = "unit") -> KeyAccount:
    """A Gold key account sponsored by the cast's executive, with two years of sales.

    The accounts app offers no service to set the sponsor yet, so the test sets it directly.
    """
    customer = CustomerFactory.create(name=name, business_unit=getattr(cast, unit))
    for year in (2025, 2026):
        SalesFactFactory.create(customer=customer, period=dt.date(year, 3, 1))
    account = key_account_nominate(actor=None, customer=customer, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(
        sponsor=cast.executive, kam=cast.kam, nominated_on=dt.date(2026, 1, 1)
    )
    account.refresh_from_db()
    contact = ContactFactory.create(customer=customer, name=f"{name} CEO", title="CEO")
    services.sponsorship_update(actor=cast.director, key_account=account, counterpart=contact)
    RelationshipStageChange.objects.create(
        key_account=account, stage="basic", target_stage="cooperative", changed_on=TODAY
    )
    StrategicInitiative.objects.create(
        key_account=account, title=f"{name} joint innovation lab", status="submitted"
    )
    return account


@pytest.fixture
def account(cast: Cast) -> KeyAccount:
    return sponsored_account(cast, "Acme Group")


@pytest.fixture
def hidden(cast: Cast) -> KeyAccount:
    return sponsored_account(cast, "Zeta Hidden", unit="other_unit")
