"""Money, numbers and dates read as each language writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
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
