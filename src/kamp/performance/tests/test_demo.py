"""The demo loader: idempotent, accounts ahead and behind, one stalled, a year of snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kamp.performance.demo import demo_performance_ensure
from kamp.performance.models import AccountTarget, KpiSnapshot, Opportunity
from kamp.performance.tests.fixtures import build

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(cast: Cast) -> None:
    build(cast)
    assert demo_performance_ensure() == 2
    counts = (AccountTarget.objects.count(), Opportunity.objects.count())
    assert demo_performance_ensure() == 2
    assert (AccountTarget.objects.count(), Opportunity.objects.count()) == counts
    assert KpiSnapshot.objects.filter(key_account=None).count() == 12
    assert Opportunity.objects.count() == 6
