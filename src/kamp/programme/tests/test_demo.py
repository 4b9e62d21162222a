"""The demo programme loads once, through the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from kamp.customers.tests.factories import ContactFactory
from kamp.programme import selectors
from kamp.programme.demo import demo_programme_ensure, demo_sponsorship_ensure
from kamp.programme.models import SteeringReview
from kamp.programme.tests.test_sponsorship import sponsored

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_demo_programme_loads_once(cast: Cast) -> None:
    assert demo_programme_ensure() is True
    assert demo_programme_ensure() is False
    assert SteeringReview.objects.filter(status="held").count() == 1
    assert selectors.interview_synthesis(actor=cast.viewer)[0].count == 2
    assert len(selectors.challenge_list(actor=cast.viewer)) == 3


def test_demo_sponsors_get_a_counterpart_and_engagements_once(cast: Cast) -> None:
    account = sponsored(cast, "Acme", "gold")
    ContactFactory.create(customer=account.customer, name="Ada Chief")
    assert demo_sponsorship_ensure() == 1
    assert demo_sponsorship_ensure() == 0
    [row] = selectors.sponsorship_rows(actor=cast.director, today=timezone.localdate())
    assert row.counterpart.startswith("Ada Chief") and row.overdue  # the first is left overdue
