"""The Content-Security-Policy in a real browser: charts render and nothing is refused.

The policy allows only kamp's own scripts, plus 'unsafe-eval' for Vega's expression compiler and
the two auto-submit handlers by hash (see SECURE_CSP in kamp.settings); Chromium reports every
refusal as a ``securitypolicyviolation`` event, collected here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from playwright.sync_api import expect

from kamp.selection import services
from kamp.selection.tests.factories import AS_OF, customer_base

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Dialog, Page

    from conftest import Cast
    from kamp.users.models import User

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""


def test_charts_render_under_the_policy_without_violations(
    page: Page, cast: Cast, log_in: Callable[[User], None]
) -> None:
    customer_base()
    model = services.scoring_model_install_preset(actor=cast.director, key="simple")
    run = services.selection_run_create(
        actor=cast.director,
        name="Spring selection",
        model=model,
        parameters={"kams": 1, "per_kam": {"gold": 2, "silver": 2, "bronze": 2}},
        as_of=AS_OF,
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(COLLECT_VIOLATIONS)
    log_in(cast.director)

    response = page.goto(run.get_absolute_url())
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#matrix-chart svg")).to_be_visible()  # Vega ran
    assert page.evaluate("window.__csp") == []

    # The language switcher submits through static/kamp/forms.js (no inline handler).
    page.select_option("#language-select", "fr")
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.evaluate("window.__csp") == []
    assert not [text for text in console if "Content Security Policy" in text]


def test_a_confirmation_asks_before_a_form_is_sent(
    page: Page, cast: Cast, log_in: Callable[[User], None]
) -> None:
    import datetime as dt

    from kamp.change.models import Audience, PulseSurvey
    from kamp.change.services.listening import pulse_create

    survey = pulse_create(
        actor=cast.director,
        title="How is the programme going?",
        audience=Audience.KAMS,
        questions=["The plan helps me"],
        opened_on=dt.date(2026, 11, 2),
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    log_in(cast.director)
    page.goto(reverse("change:pulse-detail", args=[survey.public_id]))

    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Close the survey").click()
    page.wait_for_timeout(300)
    assert asked and "Nobody can answer it afterwards" in asked[0]
    survey.refresh_from_db()
    assert survey.status == PulseSurvey.Status.OPEN

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Close the survey").click()
    survey.refresh_from_db()
    assert survey.status != PulseSurvey.Status.OPEN
    assert page.evaluate("window.__csp") == []
