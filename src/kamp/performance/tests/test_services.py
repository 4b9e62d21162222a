"""Targets, opportunities and snapshots: idempotent writes, audit, who may write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kamp.core.models import AuditEvent
from kamp.performance import services
from kamp.performance.commands import kpi_snapshot
from kamp.performance.models import AccountTarget, KpiSnapshot, Opportunity
from kamp.performance.tasks import take_kpi_snapshot
from kamp.performance.tests.fixtures import build

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_account_target_is_set_once_per_period(cast: Cast) -> None:
    p = build(cast)
    first = services.account_target_set(
        actor=cast.director, key_account=p.a, year=2026, revenue=Decimal(500)
    )
    again = services.account_target_set(
        actor=cast.director, key_account=p.a, year=2026, margin=Decimal(150)
    )
    assert first.pk == again.pk and (again.revenue, again.margin) == (Decimal(500), Decimal(150))
    quarter = services.account_target_set(
        actor=None, key_account=p.a, year=2026, quarter=1, revenue=Decimal(100)
    )
    assert quarter.pk != first.pk
    with pytest.raises(ValidationError, match="stage"):
        services.account_target_set(actor=None, key_account=p.a, year=2026, stage="integrated")
    with pytest.raises(PermissionDenied):
        services.account_target_set(actor=cast.viewer, key_account=p.a, year=2026)
    services.account_target_delete(actor=cast.director, target=quarter)
    assert AccountTarget.objects.filter(year=2026).count() == 1
    assert AuditEvent.objects.filter(action="account_target.set").count() == 3


def test_programme_target_needs_the_director(cast: Cast) -> None:
    t = services.programme_target_set(
        actor=cast.director, kpi="growth_ratio", year=2025, value=Decimal(2)
    )
    assert (
        services.programme_target_set(
            actor=None, kpi="growth_ratio", year=2025, value=Decimal("2.4")
        ).pk
        == t.pk
    )
    with pytest.raises(PermissionDenied):
        services.programme_target_set(
            actor=cast.kam, kpi="growth_ratio", year=2025, value=Decimal(1)
        )


def test_opportunity_upsert_reads_percentages(cast: Cast) -> None:
    p = build(cast)
    opp, created = services.opportunity_upsert(
        actor=cast.director,
        opportunity_id="O-1",
        customer=p.a.customer,
        name="Pumps",
        amount=Decimal(1000),
        probability=Decimal(35),
        expected_close=dt.date(2025, 9, 1),
    )
    assert created and opp.probability == Decimal("0.35")
    again, created = services.opportunity_upsert(
        actor=None,
        opportunity_id="O-1",
        customer=p.a.customer,
        name="Pumps",
        amount=Decimal(1200),
        probability=Decimal("0.5"),
        expected_close=dt.date(2025, 9, 1),
    )
    assert not created and again.pk == opp.pk and Opportunity.objects.count() == 1
    with pytest.raises(ValidationError, match="key account"):
        services.opportunity_upsert(
            actor=cast.director,
            opportunity_id="O-2",
            customer=p.c,
            name="x",
            amount=Decimal(1),
            probability=Decimal("0.1"),
            expected_close=dt.date(2025, 9, 1),
        )
    with pytest.raises(PermissionDenied):
        services.opportunity_upsert(
            actor=cast.viewer,
            opportunity_id="O-3",
            customer=p.a.customer,
            name="x",
            amount=Decimal(1),
            probability=Decimal("0.1"),
            expected_close=dt.date(2025, 9, 1),
        )


def test_snapshot_is_idempotent_and_kept_per_month(cast: Cast) -> None:
    build(cast)
    services.kpi_snapshot_take(actor=cast.director, month=dt.date(2025, 5, 20))
    again = kpi_snapshot(dt.date(2025, 5, 1))
    assert again == {"month": "2025-05-01", "accounts": 2}
    assert KpiSnapshot.objects.count() == 3
    programme = KpiSnapshot.objects.get(key_account=None)
    assert programme.values["ka_revenue_12m"] == "420.00"
    assert take_kpi_snapshot.call("2025-04-01") == 3
    assert KpiSnapshot.objects.count() == 6
    with pytest.raises(PermissionDenied):
        services.kpi_snapshot_take(actor=cast.kam, month=dt.date(2025, 5, 1))
