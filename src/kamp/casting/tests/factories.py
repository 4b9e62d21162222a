"""Test data for casting: the demo's team on top of the test cast, with key accounts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kamp.accounts.models import KeyAccount
from kamp.customers.tests.factories import CustomerFactory
from kamp.organisation.models import Membership
from kamp.organisation.tests.factories import CountryFactory, MembershipFactory, UserFactory

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.users.models import User

TODAY = dt.date(2026, 1, 5)


def kam2() -> User:
    user = UserFactory.create(username="kam2")
    MembershipFactory.create(user=user, role=Membership.Role.KAM, business_unit=None)
    return user


def key_accounts(cast: Cast, second: User) -> list[KeyAccount]:
    """Four key accounts: two held by ``kam`` (Spain, Food), two by ``kam2`` (France, Water)."""
    spain = CountryFactory.create(code="ES", name="Spain")
    france = CountryFactory.create(code="FR", name="France")
    rows = [
        ("Alimentos", "Food & beverage", spain, "gold", cast.kam),
        ("Conservas", "Food & beverage", spain, "bronze", cast.kam),
        ("Eaux", "Water", france, "silver", second),
        ("Aqua", "Water", spain, "bronze", second),
    ]
    made = []
    for name, industry, country, tier, kam in rows:
        customer = CustomerFactory.create(
            name=name, industry=industry, country=country, business_unit=cast.unit
        )
        made.append(
            KeyAccount.objects.create(
                customer=customer,
                tier=tier,
                kam=kam,
                nominated_on=TODAY,
                status_changed_on=TODAY,
                status="active",
            )
        )
    return made
