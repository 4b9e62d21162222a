"""The demo programme loads once, through the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kamp.programme import selectors
from kamp.programme.demo import demo_programme_ensure
from kamp.programme.models import SteeringReview

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_demo_programme_loads_once(cast: Cast) -> None:
    assert demo_programme_ensure() is True
    assert demo_programme_ensure() is False
    assert SteeringReview.objects.filter(status="held").count() == 1
    assert selectors.interview_synthesis(actor=cast.viewer)[0].count == 2
    assert len(selectors.challenge_list(actor=cast.viewer)) == 3
