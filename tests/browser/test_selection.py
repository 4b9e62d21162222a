"""Selection in a real browser: the director runs a selection and submits it, an executive
validates an account from the run's page, and the director assigns the new key account's KAM."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

from kamp.accounts.models import KeyAccount
from kamp.selection import services
from kamp.selection.tests.factories import AS_OF, customer_base

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from conftest import Cast
    from kamp.users.models import User


def test_run_submit_validate_and_assign(
    page: Page, cast: Cast, log_in: Callable[[User], None]
) -> None:
    customer_base()
    model = services.scoring_model_install_preset(actor=cast.director, key="simple")
    parameters = {"kams": 1, "per_kam": {"gold": 2, "silver": 2, "bronze": 2}}
    run = services.selection_run_create(
        actor=cast.director,
        name="Spring selection",
        model=model,
        parameters=parameters,
        as_of=AS_OF,
    )
    log_in(cast.director)
    page.get_by_role("link", name="Selection", exact=True).click()
    page.get_by_role("link", name="Spring selection").click()
    expect(page.locator("#matrix-chart svg")).to_be_visible()  # the bubble chart rendered
    page.get_by_role("button", name="Submit to the steering committee").click()
    expect(page.get_by_text("Submitted to the steering committee.")).to_be_visible()

    page.context.clear_cookies()  # log out
    log_in(cast.executive)
    page.goto(run.get_absolute_url())
    decision = page.locator("form.decide").first
    decision.locator("input[name=comment]").fill("A strategic partner")
    decision.get_by_role("button", name="Validate").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    key_account = KeyAccount.objects.get()

    page.context.clear_cookies()
    log_in(cast.director)
    page.get_by_role("link", name="Key accounts").click()
    page.get_by_role("link", name=key_account.customer.name).click()
    page.select_option("select[name=kam]", str(cast.kam.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Key account saved.")).to_be_visible()
    key_account.refresh_from_db()
    assert key_account.kam == cast.kam
