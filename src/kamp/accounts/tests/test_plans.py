"""Account plans: filled from the sales data, versioned, copied into the next year, exported."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from kamp.accounts import services
from kamp.accounts.exports import build_plan_xlsx, plan_export_data
from kamp.accounts.models import AccountPlan, KeyAccount, PlanRevision
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.organisation.tests.factories import ProductLineFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(cast: Cast) -> KeyAccount:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    child = CustomerFactory.create(parent=group, business_unit=cast.unit)
    pumps = ProductLineFactory.create(code="PUMP", name="Pumps")
    valves = ProductLineFactory.create(code="VALV", name="Valves")
    SalesFactFactory.create(customer=group, product_line=pumps, period=dt.date(2025, 3, 1))
    SalesFactFactory.create(customer=child, product_line=pumps, period=dt.date(2025, 4, 1))
    SalesFactFactory.create(customer=child, product_line=valves, period=dt.date(2024, 4, 1))
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    return account


def test_a_new_plan_takes_last_years_sales_of_the_whole_group(
    cast: Cast, account: KeyAccount
) -> None:
    plan = services.plan_create(actor=cast.kam, key_account=account, year=2026)
    lines = {line.product_line.code: line for line in plan.lines.select_related("product_line")}
    assert set(lines) == {"PUMP"}
    assert lines["PUMP"].current_revenue == Decimal("20000.00")
    assert lines["PUMP"].target_revenue == Decimal("20000.00")
    assert plan.completeness(has_profit_plan=True) == 6  # 1 of 18
    with pytest.raises(ValidationError, match="already has a plan"):
        services.plan_create(actor=cast.kam, key_account=account, year=2026)


def test_every_save_is_a_revision_and_stale_saves_conflict(cast: Cast, account: KeyAccount) -> None:
    plan = services.plan_create(actor=cast.kam, key_account=account, year=2026)
    services.plan_update(actor=cast.kam, plan=plan, version=1, goals="Be their first supplier")
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.plan_update(actor=cast.director, plan=plan, version=1, goals="Other")
    plan.refresh_from_db()
    assert plan.goals == "Be their first supplier" and plan.version == 2
    assert list(PlanRevision.objects.values_list("number", flat=True)) == [2, 1]
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=cast.viewer, plan=plan, version=2, goals="x")


def test_copy_into_the_next_year_keeps_sections_and_targets(
    cast: Cast, account: KeyAccount
) -> None:
    plan = services.plan_create(actor=cast.kam, key_account=account, year=2025)
    services.plan_update(actor=cast.kam, plan=plan, version=1, executive_summary="Grow valves")
    valves = ProductLineFactory.create(code="VALV")
    services.plan_set_targets(
        actor=cast.kam, plan=plan, version=2, targets={valves.pk: (Decimal(50000), Decimal(9000))}
    )
    copy = services.plan_copy(actor=cast.kam, plan=plan)
    assert (copy.year, copy.executive_summary, copy.copied_from) == (2026, "Grow valves", plan)
    lines = {line.product_line.code: line for line in copy.lines.select_related("product_line")}
    assert lines["PUMP"].current_revenue == Decimal("20000.00")
    assert lines["VALV"].target_revenue == Decimal(50000)
    with pytest.raises(ValidationError):
        services.plan_copy(actor=cast.kam, plan=plan)


def test_the_export_never_writes_a_formula(cast: Cast, account: KeyAccount) -> None:
    plan = services.plan_create(actor=cast.kam, key_account=account, year=2026)
    services.plan_update(
        actor=cast.kam, plan=plan, version=1, competitors='=HYPERLINK("http://x","y")'
    )
    book = load_workbook(io.BytesIO(build_plan_xlsx(plan_export_data(plan, actor=cast.kam))))
    assert book.sheetnames == ["Plan", "Profit plan", "Initiatives"]
    cells = [c for row in book["Plan"].iter_rows() for c in row if c.value]
    hyperlink = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert hyperlink.data_type == "s"
    assert book["Profit plan"]["D2"].value == 20000
    assert book["Profit plan"]["D2"].number_format == '#,##0.00 "EUR"'
    in_dollars = load_workbook(
        io.BytesIO(build_plan_xlsx(plan_export_data(plan, actor=cast.kam, currency="USD")))
    )
    assert in_dollars["Profit plan"]["B2"].number_format == '#,##0.00 "USD"'
    assert in_dollars["Profit plan"]["A2"].number_format == "General"


def test_plan_pages_and_permissions(client: Client, cast: Cast, account: KeyAccount) -> None:
    client.force_login(cast.kam)
    create = reverse("accounts:plan-create", args=[account.public_id])
    assert client.post(create, {"year": 2026}).status_code == 302
    plan = AccountPlan.objects.get()
    r = client.post(plan.get_absolute_url(), {"version": 1, "goals": "Lead in pumps"})
    assert r.status_code == 302
    assert "Lead in pumps" in client.get(plan.get_absolute_url()).content.decode()
    pumps = plan.lines.get().product_line_id
    targets = reverse("accounts:plan-targets", args=[plan.public_id])
    data = {"version": 2, f"revenue_{pumps}": "30000", f"margin_{pumps}": "8000"}
    assert client.post(targets, data).status_code == 302
    assert client.post(reverse("accounts:plan-copy", args=[plan.public_id])).status_code == 302
    export = client.get(reverse("accounts:plan-export", args=[plan.public_id]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(cast.viewer)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.post(plan.get_absolute_url(), {"version": 3}).status_code == 403
    assert client.post(create, {"year": 2030}).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("accounts:plan-export", args=[plan.public_id])).status_code == 404


def test_the_plan_api(
    client: Client,
    cast: Cast,
    account: KeyAccount,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    kam = api_client_for(client, cast.kam)
    base = f"/api/v1/key-accounts/{account.public_id}/plans"
    r = kam.post(base, {"year": 2026})
    assert r.status_code == 201, r.content
    plan = r.json()
    path = f"/api/v1/plans/{plan['id']}"
    r = kam.patch(
        path, {"version": 1, "sections": {"goals": "Grow"}, "next_review_on": "2026-06-30"}
    )
    assert r.json()["sections"]["goals"] == "Grow" and r.json()["completeness"] == 17
    assert kam.patch(path, {"version": 1, "sections": {"goals": "x"}}).status_code == 422
    revisions = kam.get(f"{path}/revisions").json()
    assert [r["number"] for r in revisions] == [2, 1]
    assert revisions[0]["content"]["goals"] == "Grow"
    assert kam.patch(path, {"version": 2, "sections": {"nope": "x"}}).status_code == 422
    body = {
        "version": 2,
        "lines": [{"product_line": "VALV", "target_revenue": 5, "target_margin": 1}],
    }
    assert len(kam.request("PUT", f"{path}/targets", body).json()["profit_plan"]) == 2
    assert kam.post(f"{path}/copy", {}).status_code == 201
    with django_assert_num_queries(8):
        assert kam.get(base).json()["count"] == 2
    assert api_client_for(client, cast.viewer).patch(path, {"version": 3}).status_code == 403
    assert api_client_for(client, cast.outsider).get(path).status_code == 404
