"""Documents show amounts in the company's currency and dates in the reader's language."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from kamp.customers.tests.factories import SalesFactFactory
from kamp.documents.builders.xlsx import build_xlsx
from kamp.documents.content import Document, Money, Section, Table
from kamp.documents.render import render
from kamp.documents.tests.conftest import TODAY
from kamp.documents.tests.readers import READERS
from kamp.organisation.services import company_settings_update

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.accounts.models import KeyAccount

pytestmark = pytest.mark.django_db


def _brief(cast: Cast, account: KeyAccount, language: str, fmt: str = "docx") -> str:
    # 10,000.00 in March 2026 (from the fixture) and this: 1,234,567.50 in the last 12 months.
    if not account.customer.sales.filter(period=dt.date(2026, 4, 1)).exists():
        SalesFactFactory.create(
            customer=account.customer, period=dt.date(2026, 4, 1), revenue=Decimal("1224567.50")
        )
    content = render(
        "brief", fmt, actor=cast.executive, key_account=account, language=language, today=TODAY
    ).content
    # French groups with a narrow no-break space and sets the sign apart with a no-break space.
    return " ".join(READERS[fmt](content).replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.mark.parametrize(
    ("language", "amount", "nominated", "prepared"),
    [
        ("en", "€1,234,567.50", "Jan 1, 2026", "Jun 30, 2026"),
        ("es", "1.234.567,50 €", "1 ene 2026", "30 jun 2026"),
        ("fr", "1 234 567,50 €", "1 janv. 2026", "30 juin 2026"),
    ],
)
def test_the_brief_shows_money_and_dates_in_the_readers_language(
    cast: Cast, account: KeyAccount, language: str, amount: str, nominated: str, prepared: str
) -> None:
    text = _brief(cast, account, language)
    assert amount in text
    assert nominated in text and prepared in text
    assert "2026-01-01" not in text and "01/01/2026" not in text and "1/1/2026" not in text


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_every_format_shows_the_currency(cast: Cast, account: KeyAccount, fmt: str) -> None:
    assert "1.234.567,50 €" in _brief(cast, account, "es", fmt)


def test_the_directors_currency_shows_in_documents(cast: Cast, account: KeyAccount) -> None:
    company_settings_update(actor=cast.director, currency="USD")
    assert "$1,234,567.50" in _brief(cast, account, "en")
    assert "1.234.567,50 US$" in _brief(cast, account, "es")
    assert "€" not in _brief(cast, account, "fr")


def test_amounts_in_spreadsheets_are_numbers_in_their_currency() -> None:
    amount = Money(Decimal("1234567.50"), "EUR", "€1,234,567.50")
    table = Table(["Name", "Revenue"], [["Acme", amount], ["None", None]])
    document = Document("T", "S", "en", [Section("Data", table=table)])
    sheet = load_workbook(io.BytesIO(build_xlsx(document)))["Data"]
    assert sheet["B2"].value == 1234567.5
    assert sheet["B2"].number_format == '#,##0.00 "EUR"'
    assert sheet["A2"].number_format == "General"
