"""Numbers, money and dates in the reader's language, through Babel's CLDR data.

Pages, documents and exports all format through these functions, so a Spanish reader sees
``1.234,50 €`` and ``5 dic 2026`` everywhere and an English one ``€1,234.50`` and
``Dec 5, 2026``. ``language`` is a Django language code (``en``, ``es``, ``fr``, ``pt-br``);
``None`` means the active one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils.translation import get_language, to_locale

if TYPE_CHECKING:
    import datetime as dt

#: The currency shown when the programme director has not chosen one yet.
DEFAULT_CURRENCY = "EUR"


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
        return format_currency(value, currency, locale=locale)
    pattern = locale.currency_formats["standard"].pattern
    if places == 0:
        pattern = pattern.replace(".00", "")
    return format_currency(
        value.quantize(Decimal(1).scaleb(-places)),
        currency,
        format=pattern,
        locale=locale,
        currency_digits=False,
        decimal_quantization=True,
    )


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
