"""The demo's change management loads once and shows progress."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kamp.change import selectors
from kamp.change.demo import demo_change_ensure
from kamp.change.models import Assessment, Concern, PulseSurvey
from kamp.customers.demo import DEMO_USERS
from kamp.organisation.models import Membership
from kamp.organisation.tests.factories import MembershipFactory, UserFactory
from kamp.users.models import User

pytestmark = pytest.mark.django_db


def _demo_users() -> None:
    for person in DEMO_USERS:
        user = UserFactory.create(username=person.username, is_superuser=person.is_superuser)
        if person.role and person.role != Membership.Role.PC_DIRECTOR:
            MembershipFactory.create(user=user, role=person.role)
        elif person.role:
            MembershipFactory.create(user=user, role=Membership.Role.VIEWER)


def test_the_demo_shows_two_assessments_a_year_apart_with_progress() -> None:
    _demo_users()
    assert demo_change_ensure() is True
    assert demo_change_ensure() is False
    director = User.objects.get(username="director")
    new, old = selectors.assessment_history(actor=director)
    assert (new.assessment.assessed_on - old.assessment.assessed_on).days == 365
    assert old.index is not None and new.index is not None and new.index > old.index
    assert (old.phase, new.phase) == ("A", "B")
    summary = selectors.programme_change_summary(director)
    assert summary["index"] == new.index and summary["pulse"]["answers"] == 7
    assert PulseSurvey.objects.count() == 1
    assert Concern.objects.filter(status="answered").count() == 2
    assert Assessment.objects.count() == 2
    call_command("check")
