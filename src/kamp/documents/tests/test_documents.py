"""Documents open in their software, speak the reader's language, show only what they may see."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook
from pptx import Presentation

from kamp.accounts.models import (
    AccountPlan,
    InitiativeAction,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
)
from kamp.customers.models import Contact
from kamp.documents.builders.xlsx import build_xlsx
from kamp.documents.content import Document, Section, Table
from kamp.documents.render import FORMATS, render
from kamp.documents.tests.conftest import TODAY
from kamp.documents.tests.readers import READERS
from kamp.selection import services as selection
from kamp.selection.tests.factories import AS_OF, customer_base

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from conftest import Cast
    from kamp.accounts.models import KeyAccount

pytestmark = pytest.mark.django_db
PARAMETERS = {"kams": 1, "per_kam": {"gold": 2, "silver": 2, "bronze": 2}}


@pytest.mark.parametrize("fmt", FORMATS["brief"])
def test_the_brief_opens_and_shows_the_account(
    cast: Cast, account: KeyAccount, hidden: KeyAccount, fmt: str
) -> None:
    file = render("brief", fmt, actor=cast.executive, key_account=account, today=TODAY)
    text = READERS[fmt](file.content)
    assert "Acme Group" in text and "Acme Group joint innovation lab" in text
    assert "Acme Group CEO" in text and "Zeta Hidden" not in text
    assert "stage Basic, aiming at Cooperative" in " ".join(text.split())
    assert file.filename == f"brief-acme-group-en.{fmt}"


@pytest.mark.parametrize("fmt", FORMATS["sponsorship-plan"])
def test_the_sponsorship_plan_shows_only_visible_accounts(
    cast: Cast, account: KeyAccount, hidden: KeyAccount, fmt: str
) -> None:
    mine = READERS[fmt](render("sponsorship-plan", fmt, actor=cast.pcdirector, today=TODAY).content)
    assert "Acme Group" in mine and "Zeta Hidden" not in mine
    everything = READERS[fmt](render("sponsorship-plan", fmt, actor=cast.director).content)
    assert "Zeta Hidden" in everything


@pytest.mark.parametrize("fmt", FORMATS["summary"])
def test_the_summary_lists_accounts_and_initiatives_awaiting_decision(
    cast: Cast, account: KeyAccount, fmt: str
) -> None:
    text = READERS[fmt](render("summary", fmt, actor=cast.director, today=TODAY).content)
    text = " ".join(text.split())  # a PDF wraps long labels
    assert "Acme Group" in text and "joint innovation lab" in text
    assert "Sponsor coverage" in text and "Share of revenue from key accounts" in text


@pytest.mark.parametrize("fmt", FORMATS["account-plan"])
def test_the_account_plan_opens(cast: Cast, account: KeyAccount, fmt: str) -> None:
    initiative = StrategicInitiative.objects.get(key_account=account)
    InitiativeAction.objects.create(
        initiative=initiative, title="Pilot at the Lyon plant", due_on=TODAY, owner=cast.kam
    )
    file = render("account-plan", fmt, actor=cast.kam, key_account=account, today=TODAY)
    text = READERS[fmt](file.content)
    assert "Acme Group joint innovation lab" in text and "Pilot at the Lyon plant" in text


def test_the_brief_asks_the_sponsor_to_meet_when_overdue(cast: Cast, account: KeyAccount) -> None:
    text = render("brief", "docx", actor=cast.executive, key_account=account, today=TODAY).content
    # Nominated on 1 January, never met: the Gold cadence (91 days) ran out on 2 April.
    assert "engagement was due on" in READERS["docx"](text)


@pytest.mark.parametrize("fmt", ["pdf", "pptx", "docx"])
def test_documents_speak_the_readers_language(cast: Cast, account: KeyAccount, fmt: str) -> None:
    spanish = READERS[fmt](
        render("brief", fmt, actor=cast.executive, key_account=account, language="es").content
    )
    french = READERS[fmt](
        render("brief", fmt, actor=cast.executive, key_account=account, language="fr").content
    )
    assert "Oro" in spanish and "Gold" not in spanish
    assert "Or" in french and "Gold" not in french


def test_the_powerpoint_chart_is_editable(cast: Cast, account: KeyAccount) -> None:
    file = render("brief", "pptx", actor=cast.executive, key_account=account, today=TODAY)
    deck = Presentation(io.BytesIO(file.content))
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    assert charts and list(charts[0].plots[0].categories) == ["2025 (Mar–Dec)", "2026 (Jan–Mar)"]


def test_spreadsheet_text_never_becomes_a_formula() -> None:
    document = Document(
        "T", "S", "en", [Section("Data", table=Table(["Name"], [["=HYPERLINK(1)"], [3]]))]
    )
    book = load_workbook(io.BytesIO(build_xlsx(document)))
    assert [c.value for c in book["Data"]["A"]] == ["Name", "'=HYPERLINK(1)", 3]


def test_a_format_the_kind_lacks_is_refused(cast: Cast) -> None:
    with pytest.raises(ValueError, match="comes as"):
        render("summary", "xlsx", actor=cast.director)


def test_outsiders_get_nothing(cast: Cast, account: KeyAccount) -> None:
    with pytest.raises(Http404):
        render("sponsorship-plan", "pdf", actor=cast.outsider)


def test_downloads_follow_the_scope(
    client: Client, cast: Cast, account: KeyAccount, hidden: KeyAccount
) -> None:
    client.force_login(cast.pcdirector)
    assert client.get(reverse("documents:document-list")).status_code == 200
    url = reverse("documents:account-document", args=["brief", account.public_id, "docx"])
    response = client.get(url + "?lang=fr")
    assert response.status_code == 200
    assert 'filename="brief-acme-group-fr.docx"' in response["Content-Disposition"]
    theirs = reverse("documents:account-document", args=["brief", hidden.public_id, "pdf"])
    assert client.get(theirs).status_code == 404
    bad = reverse("documents:programme-document", args=["summary", "docx"])
    assert client.get(bad).status_code == 404
    client.force_login(cast.outsider)
    plan = reverse("documents:programme-document", args=["sponsorship-plan", "xlsx"])
    assert client.get(plan).status_code == 404


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
@pytest.mark.parametrize(
    ("kind", "fmt"), [("brief", "pptx"), ("brief", "docx"), ("sponsorship-plan", "xlsx")]
)
def test_libreoffice_converts_each_office_format(
    cast: Cast, account: KeyAccount, tmp_path: Path, kind: str, fmt: str
) -> None:
    file = render(kind, fmt, actor=cast.director, key_account=account if kind == "brief" else None)
    source = tmp_path / file.filename
    source.write_bytes(file.content)
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert source.with_suffix(".pdf").stat().st_size > 1000


def test_the_summary_puts_key_accounts_on_their_runs_matrix(cast: Cast) -> None:
    customer_base()
    model = selection.scoring_model_install_preset(actor=cast.director, key="simple")
    run = selection.selection_run_create(
        actor=cast.director, name="Q1 run", model=model, parameters=PARAMETERS, as_of=AS_OF
    )
    selection.selection_run_submit(actor=cast.director, run=run)
    first = run.results.filter(selected=True).order_by("rank").first()
    assert first is not None
    selection.validation_decide(actor=cast.executive, result=first, decision="validated")
    text = READERS["pdf"](render("summary", "pdf", actor=cast.director).content)
    assert "Portfolio matrix" in text and "Q1 run" in text
    # A unit-scoped reader does not see whole-base scores.
    scoped = READERS["pdf"](render("summary", "pdf", actor=cast.pcdirector).content)
    assert "Portfolio matrix" not in scoped


def test_documents_use_the_stakeholder_map_the_plan_and_resource_requests(
    cast: Cast, account: KeyAccount
) -> None:
    ceo = Contact.objects.get(name="Acme Group CEO")
    Stakeholder.objects.create(
        key_account=account, contact=ceo, attitude="supporter", influence="high"
    )
    AccountPlan.objects.create(
        key_account=account,
        year=2026,
        value_problem="Energy costs up a third",
        customer_vision="Carbon neutral by 2030",
    )
    ResourceRequest.objects.create(
        initiative=StrategicInitiative.objects.get(key_account=account),
        business_unit=cast.unit,
        kind="budget",
        amount=50_000,
        period="2026",
    )
    brief = READERS["docx"](
        render("brief", "docx", actor=cast.executive, key_account=account, today=TODAY).content
    )
    assert "Supporter" in brief and "Energy costs up a third" in brief
    plan = READERS["docx"](
        render("account-plan", "docx", actor=cast.kam, key_account=account, today=TODAY).content
    )
    assert "Carbon neutral by 2030" in plan
    summary = READERS["pptx"](render("summary", "pptx", actor=cast.director, today=TODAY).content)
    assert "50,000" in summary and "2026: " in summary
