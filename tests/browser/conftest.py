"""Browser tests: Debian's Chromium, driven by Playwright against pytest-django's live server.

Every test under ``tests/browser`` is marked ``browser``. Without ``/usr/bin/chromium`` they are
skipped, or fail when ``KAMP_REQUIRE_ALL=1`` (CI), so a missing browser never passes silently.
``live_server`` serves static files through ``django.contrib.staticfiles`` (see
``test_smoke.py::test_live_server_serves_static_files``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import PASSWORD

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, Page, Response
    from pytest_django.live_server_helper import LiveServer

    from kamp.users.models import User

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BROWSER_TESTS = Path(__file__).resolve().parent
MISSING = (
    f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
    "to run the browser tests"
)
#: Waiting longer than this for a page or an element means the page is broken, not slow.
TIMEOUT_MS = 10_000


def require_all() -> bool:
    return os.environ.get("KAMP_REQUIRE_ALL") == "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser tests; skip them up front when there is no browser (unless required)."""
    skip = pytest.mark.skip(reason=MISSING)
    for item in items:
        if BROWSER_TESTS not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists() and not require_all():
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Chromium, up from the first browser test to the last one of this package.

    The sync API keeps an asyncio loop running in this thread, so Django's ORM refuses to run
    while Playwright is up unless DJANGO_ALLOW_ASYNC_UNSAFE is set (the tests touch the ORM only
    between browser calls). Package scope unsets it again before other tests run: a leaked
    variable would reach their subprocesses (``check --deploy`` reports it as async.E001).
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{MISSING} (KAMP_REQUIRE_ALL=1 makes browser tests mandatory)")
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as playwright:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        expect.set_options(timeout=TIMEOUT_MS)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh page (own cookies, English) on the live server; relative URLs go to it.

    A JavaScript error or a static file that fails to load fails the test.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))

    def check_static(response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    page.on("response", check_static)
    yield page
    context.close()
    assert not problems, "The page had problems:\n" + "\n".join(problems)


@pytest.fixture
def log_in(page: Page) -> Callable[[User], None]:
    """Log a user in through the real login form; returns once the form has gone."""

    def log_in(user: User) -> None:
        page.goto("/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(lambda url: "/login/" not in url)

    return log_in
