"""Numbers, money and dates in the reader's language, through Babel's CLDR data.

Pages, documents and exports all format through these functions, so a Spanish reader sees
``1.234,50 €`` and ``5 dic 2026`` everywhere and an English one ``€1,234.50`` and
``Dec 5, 2026``. ``language`` is a Django language code (``en``, ``es``, ``fr``, ``pt-br``);
``None`` means the active one.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
    list_currencies,
)
from django.utils import timezone
from django.utils.translation import get_language, to_locale

if TYPE_CHECKING:
    import datetime as dt

#: The currency shown when the programme director has not chosen one yet.
DEFAULT_CURRENCY = "EUR"


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code Babel knows (``EUR``, ``USD``, ``CHF``)."""
    return len(code) == 3 and code.isupper() and code in list_currencies()


def currency_places(currency: str) -> int:
    """The currency's minor units: 2 for EUR, 0 for JPY, 3 for KWD."""
    return int(get_currency_precision(currency))


def spreadsheet_money_format(currency: str, places: int | None = None) -> str:
    """An XLSX number format that shows the amount with its code: ``#,##0.00 "EUR"``.

    A quoted ISO code rather than a symbol, because Excel and LibreOffice both show a quoted
    literal as written in every locale (the grouping and decimal signs follow the reader's).
    """
    digits = currency_places(currency) if places is None else places
    decimals = "." + "0" * digits if digits else ""
    return f'#,##0{decimals} "{currency}"'


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale of a Django language code (English when Babel does not know it)."""
    code = to_locale(language or get_language() or "en")
    try:
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def money(
    amount: Decimal | int | None,
    currency: str = DEFAULT_CURRENCY,
    language: str | None = None,
    *,
    places: int | None = None,
) -> str:
    """``amount`` with its currency, e.g. ``1.234,50 €`` (es) or ``€1,234.50`` (en).

    ``places=0`` rounds to whole units (for tiles and tables of large figures); by default the
    currency's own minor units are shown. ``None`` is an em dash.
    """
    if amount is None:
        return "—"
    value = Decimal(amount)
    locale = babel_locale(language)
    if places is None:
        return _spaced(format_currency(value, currency, locale=locale))
    pattern = locale.currency_formats["standard"].pattern
    if places == 0:
        pattern = pattern.replace(".00", "")
    return _spaced(
        format_currency(
            value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP),
            currency,
            format=pattern,
            locale=locale,
            currency_digits=False,
            decimal_quantization=True,
        )
    )


#: A currency code or a symbol that ends (or starts) with a letter, against a digit.
_LETTER_THEN_DIGIT = re.compile(r"(?<=[^\W\d_])(?=[-\d])")
_DIGIT_THEN_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])")


def _spaced(text: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: ``CHF 1,234.50``, not ``CHF1,234.50``."""
    return _DIGIT_THEN_LETTER.sub("\xa0", _LETTER_THEN_DIGIT.sub("\xa0", text))


def number(
    value: Decimal | int | float | None, language: str | None = None, places: int = 0
) -> str:
    """A plain number with the reader's grouping and decimal signs (``1 234,5`` in French)."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    decimal = Decimal(str(value)).quantize(quantum)
    fmt = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(decimal, format=fmt, locale=babel_locale(language))


def percent(fraction: Decimal | float | None, language: str | None = None, places: int = 0) -> str:
    """A fraction (0.38) as a percentage in the reader's language (``38 %`` in French)."""
    if fraction is None:
        return "—"
    locale = babel_locale(language)
    pattern = locale.percent_formats[None].pattern
    if places:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * places, 1)
    return format_percent(Decimal(str(fraction)), format=pattern, locale=locale)


def date(value: dt.date | None, language: str | None = None, length: str = "medium") -> str:
    """A date as the reader writes it: ``Dec 5, 2026``, ``5 dic 2026``, ``5 déc. 2026``."""
    if value is None:
        return "—"
    return babel_format_date(value, format=length, locale=babel_locale(language))


def date_time(value: dt.datetime | None, language: str | None = None) -> str:
    """A moment in the current time zone: ``May 12, 2026, 3:04 PM``, ``12 may 2026, 15:04``."""
    if value is None:
        return "—"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    locale = babel_locale(language)
    day = babel_format_date(value.date(), format="medium", locale=locale)
    time = babel_format_time(value.time(), format="short", locale=locale)
    pattern = str(locale.datetime_formats["medium"])
    return pattern.replace("{1}", day).replace("{0}", time)
