"""Fixtures of the customers API tests: a token client per persona, and a group to read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from kamp.customers.tests.factories import CustomerFactory
from tests.openapi import ApiClient, api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.customers.models import Customer
    from kamp.users.models import User


@pytest.fixture
def as_user(client: Client) -> Any:
    """``as_user(cast.kam)``: an API client holding a token of that user."""

    def make(user: User) -> ApiClient:
        return api_client_for(client, user)

    return make


@pytest.fixture
def acme(cast: Cast) -> dict[str, Customer]:
    """A group headed in the other unit, with one company in ``cast.unit`` and one outside it.

    The unit-scoped personas see ``head`` (it is their customer's group) and ``ours``, nothing else.
    """
    head = CustomerFactory.create(
        name="Acme Group", source_id="ACME", business_unit=cast.other_unit
    )
    ours = CustomerFactory.create(
        name="Acme Iberia", source_id="ACME-ES", parent=head, business_unit=cast.unit
    )
    theirs = CustomerFactory.create(
        name="Acme Nordics", source_id="ACME-SE", parent=head, business_unit=cast.other_unit
    )
    lone = CustomerFactory.create(
        name="Lonely Works", source_id="LONE", business_unit=cast.other_unit
    )
    return {"head": head, "ours": ours, "theirs": theirs, "lone": lone}
