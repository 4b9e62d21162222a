"""Initiatives in a real browser: a KAM writes an initiative and submits it, its sponsor
validates it, and the KAM moves one of its actions in place (htmx)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

from kamp.accounts.models import KeyAccount, StrategicInitiative
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import CustomerFactory

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from conftest import Cast
    from kamp.users.models import User


def test_kam_writes_and_submits_sponsor_validates(
    page: Page, cast: Cast, log_in: Callable[[User], None]
) -> None:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam, sponsor=cast.executive)

    log_in(cast.kam)
    page.goto(account.get_absolute_url())
    page.get_by_role("link", name="New initiative").click()
    page.get_by_label("Title").fill("Joint energy-saving programme")
    page.get_by_label("Objective").fill("Cut the customer's energy bill by 10 %")
    page.get_by_label("Expected value").fill("800000")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Initiative drafted.")).to_be_visible()

    actions = page.locator("#actions")
    actions.locator("input[name=title]").fill("Energy audit of five plants")
    actions.locator("input[name=due_on]").fill("2020-01-31")
    page.get_by_role("button", name="Add the action").click()
    row = page.locator("#actions tbody tr").first
    expect(row.get_by_text("Overdue")).to_be_visible()  # swapped in by htmx, no reload

    page.get_by_role("button", name="Submit for validation").click()
    expect(page.get_by_test_id("initiative-status")).to_have_text("Submitted")

    page.context.clear_cookies()  # log out
    log_in(cast.executive)
    initiative = StrategicInitiative.objects.get()
    page.goto(initiative.get_absolute_url())
    page.get_by_label("Validate").check()
    page.locator("#id_decision_comment").fill("Go, and report in June.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("initiative-status")).to_have_text("Validated")
    expect(page.get_by_text("Go, and report in June.")).to_be_visible()
    initiative.refresh_from_db()
    assert initiative.status == "validated"
    assert initiative.actions.get().title == "Energy audit of five plants"
