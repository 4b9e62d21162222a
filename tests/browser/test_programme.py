"""The programme in a real browser: the director plans a steering review, an executive validates
a programme point in it, then downloads a key account's brief and the sponsorship plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

from kamp.accounts.models import KeyAccount
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import CustomerFactory
from kamp.programme.models import PointValidation

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from conftest import Cast
    from kamp.users.models import User


def test_a_review_validates_a_point_and_the_executive_gets_documents(
    page: Page, cast: Cast, log_in: Callable[[User], None]
) -> None:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam, sponsor=cast.executive)

    log_in(cast.director)
    page.goto("/programme/reviews/")
    page.get_by_label("Title").fill("Q3 steering")
    page.get_by_label("Date").fill("2026-09-01")
    page.get_by_role("button", name="Plan").click()
    page.get_by_role("link", name="Q3 steering").click()
    review_url = page.url

    page.context.clear_cookies()  # log out
    log_in(cast.executive)
    page.goto(review_url)
    page.get_by_label("Programme point").select_option("tiers")
    page.locator("#validate-decision").select_option("validated")
    page.get_by_label("Key account").select_option(label="Acme Group")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Tiers: Validated")).to_be_visible()
    assert PointValidation.objects.get().key_account_id == account.pk

    page.goto("/programme/sponsorship/")
    page.get_by_role("link", name="Acme Group").click()
    with page.expect_download() as brief:
        page.get_by_role("link", name="PPTX").click()
    assert brief.value.suggested_filename == "brief-acme-group-en.pptx"
    page.goto("/programme/sponsorship/")
    with page.expect_download() as plan:
        page.get_by_role("link", name="XLSX").click()
    assert plan.value.suggested_filename == "sponsorship-plan-en.xlsx"
