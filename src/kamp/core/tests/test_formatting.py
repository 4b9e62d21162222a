"""Money, numbers and dates read as each language writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from kamp.core import formatting


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "€1,234,567.50"),
        ("es", "1.234.567,50\xa0€"),
        ("fr", "1\u202f234\u202f567,50\xa0€"),
    ],
)
def test_money_carries_the_currency_in_the_readers_conventions(
    language: str, expected: str
) -> None:
    assert formatting.money(Decimal("1234567.50"), "EUR", language) == expected


def test_money_rounds_to_whole_units_when_asked_and_keeps_the_sign() -> None:
    assert formatting.money(Decimal("-1234567.50"), "USD", "en", places=0) == "-$1,234,568"
    assert formatting.money(Decimal("2500"), "EUR", "es", places=0) == "2.500\xa0€"
    assert formatting.money(None) == "—"


def test_the_active_language_is_the_default() -> None:
    with translation.override("fr"):
        assert formatting.number(Decimal("1234.5"), places=1) == "1\u202f234,5"
        assert formatting.percent(Decimal("0.38")) == "38\xa0%"


def test_dates_are_never_ambiguous_numeric_us_dates() -> None:
    day = dt.date(2026, 5, 12)
    assert formatting.date(day, "en") == "May 12, 2026"
    assert formatting.date(day, "es") == "12 may 2026"
    assert formatting.date(day, "fr") == "12 mai 2026"


def test_a_currency_code_is_set_apart_from_the_digits() -> None:
    assert formatting.money(Decimal("1234.5"), "CHF", "en") == "CHF\xa01,234.50"
    assert formatting.money(Decimal("-1234.5"), "SEK", "en", places=0) == "-SEK\xa01,235"
    assert formatting.money(Decimal("1234.5"), "EUR", "en") == "€1,234.50"


def test_currencies_and_their_spreadsheet_formats() -> None:
    assert formatting.is_currency("EUR") and formatting.is_currency("CHF")
    assert not any(formatting.is_currency(c) for c in ("eur", "EURO", "XYZ", ""))
    assert formatting.spreadsheet_money_format("EUR") == '#,##0.00 "EUR"'
    assert formatting.spreadsheet_money_format("JPY") == '#,##0 "JPY"'
    assert formatting.spreadsheet_money_format("EUR", places=0) == '#,##0 "EUR"'


def test_moments_in_the_readers_language() -> None:
    moment = dt.datetime(2026, 5, 12, 15, 4, tzinfo=dt.UTC)
    with override_settings(TIME_ZONE="UTC"):
        assert formatting.date_time(moment, "es") == "12 may 2026, 15:04"
        assert formatting.date_time(moment, "en") == "May 12, 2026, 3:04\u202fPM"
    assert formatting.date_time(None) == "—"


def test_the_template_tags_show_money_and_dates_in_the_active_language() -> None:
    source = (
        "{% load kamp %}{% money amount %}|{% money amount 0 %}|{% money none %}"
        "|{{ day|day }}|{{ none|day }}"
    )
    context = {"amount": Decimal("1234567.50"), "none": None, "day": dt.date(2026, 5, 12)}
    with translation.override("es"):
        shown = Template(source).render(Context({**context, "currency": "EUR"}))
    assert shown == "1.234.567,50\xa0€|1.234.568\xa0€|—|12 may 2026|—"
    with translation.override("en"):
        shown = Template(source).render(Context({**context, "currency": "USD"}))
    assert shown == "$1,234,567.50|$1,234,568|—|May 12, 2026|—"
