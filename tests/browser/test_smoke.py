"""End-to-end paths through the real UI in Chromium."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playwright.sync_api import expect

from kamp.customers.tests.factories import CustomerFactory

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from conftest import Cast
    from kamp.users.models import User


def test_live_server_serves_static_files(page: Page) -> None:
    response = page.request.get("/static/admin/css/base.css")
    assert response.status == 200, response.status
    assert "text/css" in response.headers["content-type"]


def test_log_in_and_see_the_customers(
    page: Page, cast: Cast, log_in: Callable[[User], None]
) -> None:
    CustomerFactory.create(name="Acme Foods")

    log_in(cast.director)

    expect(page).to_have_url(re.compile(r"/customers/$"))
    expect(page.get_by_role("link", name="Acme Foods")).to_be_visible()


def test_search_a_customer_open_it_and_read_it_in_spanish(
    page: Page, cast: Cast, log_in: Callable[[User], None]
) -> None:
    for name in ("Acme Foods", "Borealis Chemicals", "Cobalt Mining"):
        CustomerFactory.create(name=name)
    log_in(cast.kam)
    page.goto("/customers/")

    page.evaluate("window.kampSamePage = true")  # gone if the search reloads the page
    page.fill("input[name=q]", "borea")
    expect(page.get_by_role("link", name="Acme Foods")).to_have_count(0)
    expect(page.get_by_role("link", name="Borealis Chemicals")).to_have_count(1)
    assert page.evaluate("window.kampSamePage") is True, "the search left the page, not htmx"
    page.get_by_role("link", name="Borealis Chemicals").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Borealis Chemicals")
    customer_url = page.url
    assert not customer_url.endswith("/customers/"), customer_url

    page.select_option("select[name=language]", "es")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.url == customer_url
    expect(page.get_by_role("heading", name="Borealis Chemicals")).to_be_visible()
    expect(page.get_by_role("heading", name="Contactos")).to_be_visible()
    expect(page.get_by_role("link", name="Clientes", exact=True).first).to_be_visible()
