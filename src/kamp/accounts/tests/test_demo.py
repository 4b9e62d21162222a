"""The demo's key accounts and plans: every key account gets a plausible plan, once."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from kamp.accounts.demo import demo_accounts_ensure
from kamp.accounts.models import AccountPlan, InitiativeAction, KeyAccount, ResourceRequest
from kamp.customers.tests.factories import ContactFactory, CustomerFactory, SalesFactFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_every_key_account_gets_a_plan_once(cast: Cast) -> None:
    for n in range(3):
        group = CustomerFactory.create(business_unit=cast.unit)
        child = CustomerFactory.create(parent=group, business_unit=cast.unit)
        SalesFactFactory.create(customer=child, period=dt.date(dt.date.today().year - 1, 5, 1))
        for _k in range(n + 2):
            ContactFactory.create(customer=group)
    assert demo_accounts_ensure() == 3
    assert demo_accounts_ensure() == 0
    accounts = KeyAccount.objects.current()
    assert accounts.count() == 3 and all(a.status == "active" for a in accounts)
    for plan in AccountPlan.objects.all():
        assert plan.completeness(has_profit_plan=plan.lines.exists()) == 100
    statuses = set(accounts[0].initiatives.values_list("status", flat=True))
    assert statuses == {"validated", "submitted", "draft"}
    assert InitiativeAction.objects.overdue(dt.date.today()).exists()
    assert ResourceRequest.objects.filter(status="pending").exists()
    assert accounts[0].stakeholders.exists()
