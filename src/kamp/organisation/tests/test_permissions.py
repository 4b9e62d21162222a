"""Who reaches what: each persona's reach, the menu they get, and membership rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kamp.organisation.models import Membership
from kamp.organisation.permissions import CUSTOMER_ACTIONS, has_role, reach
from kamp.users.models import User

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_each_persona_reaches_what_its_role_allows(cast: Cast) -> None:
    view, change = CUSTOMER_ACTIONS["view"], CUSTOMER_ACTIONS["change"]
    for user in [cast.director, cast.kam, cast.executive, cast.viewer, cast.admin]:
        assert reach(user, view).everything
    for user in [cast.pcdirector, cast.member]:
        r = reach(user, view)
        assert not r.everything and r.unit_ids == {cast.unit.pk}
    assert reach(cast.outsider, view).nothing
    assert reach(cast.director, change).everything and reach(cast.kam, change).everything
    for user in [cast.executive, cast.viewer, cast.pcdirector, cast.member, cast.outsider]:
        assert reach(user, change).nothing


def test_an_inactive_user_reaches_nothing(cast: Cast) -> None:
    cast.director.is_active = False
    assert reach(cast.director, CUSTOMER_ACTIONS["view"]).nothing


def test_memberships_are_read_once_per_user_object(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = User.objects.get(pk=cast.kam.pk)
    with django_assert_num_queries(1):
        for _ in range(3):
            assert has_role(user, Membership.Role.KAM)


def test_a_profit_centre_director_must_direct_a_unit(cast: Cast) -> None:
    membership = Membership(user=cast.outsider, role=Membership.Role.PC_DIRECTOR)
    with pytest.raises(ValidationError, match="directs a business unit"):
        membership.full_clean()


def test_the_menu_shows_only_what_the_user_may_use(client: Client, cast: Cast) -> None:
    client.force_login(cast.viewer)
    body = client.get(reverse("customers:customer-list")).content.decode()
    assert 'href="/customers/"' in body
    assert 'href="/admin/"' not in body
    client.force_login(cast.admin)
    assert 'href="/admin/"' in client.get(reverse("customers:customer-list")).content.decode()


def test_a_user_without_a_role_is_told_whom_to_ask(client: Client, cast: Cast) -> None:
    client.force_login(cast.outsider)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ask your programme director" in body
    assert 'href="/customers/"' not in body
    client.force_login(cast.kam)
    assert client.get(reverse("home"))["Location"] == reverse("customers:customer-list")
