"""Vectorised readers of cell values: numbers in any locale, dates in any order, ids, countries.

Each reader takes a text column and returns a :class:`Parsed`: an expression for the typed value
(null when empty or invalid) and one for the error message (null when fine). Decisions that need
the whole column (which character is the decimal separator; whether ``03/04/2024`` is day-first)
are taken from the column itself; a date column that stays ambiguous raises
:class:`ColumnProblem` rather than guessing. Pure: Polars in, Polars out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl
from django.utils.translation import gettext as _

from kamp.imports.countries import ALIASES, COUNTRIES
from kamp.imports.mapping import normalise_header
from kamp.imports.references import fold

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Largest absolute amount a money or quantity field holds (16 digits in the database).
MAX_MONEY = 10**14
MAX_QUANTITY = 10**13
EXCEL_EPOCH = pl.date(1899, 12, 30)
MAX_EXCEL_SERIAL = 2_958_465  # 9999-12-31
YEARS = (1900, 2100)

_CURRENCY = r"[€$£¥₹]|(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|MXN|BRL)"
_NOISE = rf"[\s\u00a0\u202f\u2009'’]|{_CURRENCY}"
_ISO = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"
_DMY = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$"
_SERIAL = r"^(\d{1,7})(?:\.0+)?$"
_BAD_ID = r"[<>\"\x00-\x1f]|^[=+@]"
_EMAIL = r"^[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[^@\s<>\"'(),;:]+$"

_SIZES: dict[str, str] = {
    **dict.fromkeys(["small", "s", "pequena", "pequeno", "petite", "petit", "pme"], "small"),
    **dict.fromkeys(["medium", "m", "mediana", "mediano", "moyenne", "moyen", "eti"], "medium"),
    **dict.fromkeys(["large", "l", "grande", "grand", "gran empresa"], "large"),
    **dict.fromkeys(
        ["enterprise", "xl", "corporate", "very large", "corporativo", "grand compte", "ge"],
        "enterprise",
    ),
}


class ColumnProblem(ValueError):
    """A whole column cannot be read as asked (e.g. dates whose day/month order is unclear)."""

    def __init__(self, message: str, example: str = "") -> None:
        super().__init__(message)
        self.example = example


@dataclass(frozen=True)
class Parsed:
    """A column's typed value and its per-row error message (null where the value is fine)."""

    value: pl.Expr
    error: pl.Expr


def _error_if(condition: pl.Expr, message: str) -> pl.Expr:
    return pl.when(condition).then(pl.lit(message)).otherwise(pl.lit(None, dtype=pl.String))


def text(col: str, *, max_length: int) -> Parsed:
    """Trimmed text of at most ``max_length`` characters."""
    value = pl.col(col).str.strip_chars()
    value = pl.when(value == "").then(None).otherwise(value)
    too_long = value.str.len_chars() > max_length
    message = _("Too long: at most %(n)s characters.") % {"n": max_length}
    return Parsed(value, _error_if(too_long, message))


def aliased(
    frame: pl.DataFrame, col: str, aliases: Mapping[str, str], *, max_length: int
) -> Parsed:
    """Trimmed text, replaced by the value kamp holds when it names one (see ``references``)."""
    base = text(col, max_length=max_length)
    distinct = frame.get_column(col).drop_nulls().unique().to_list()
    found = {raw: aliases[k] for raw in distinct if (k := fold(raw)) in aliases}
    if not found:
        return base
    value = pl.col(col).replace_strict(found, default=base.value, return_dtype=pl.String)
    return Parsed(value, base.error)


def key(col: str, *, max_length: int) -> Parsed:
    """A value only compared with the file's other values (a line id): taken as it is."""
    too_long = pl.col(col).str.len_bytes() > max_length
    message = _("Too long: at most %(n)s characters.") % {"n": max_length}
    return Parsed(pl.col(col), _error_if(too_long, message))


def identifier(col: str, *, max_length: int) -> Parsed:
    """An id from another system; ``"1042.0"`` (a spreadsheet's number) reads as ``"1042"``."""
    base = text(col, max_length=max_length)
    value = base.value.str.replace(r"^(\d+)\.0+$", "${1}")
    bad = value.str.contains(_BAD_ID)
    message = _('Not a valid identifier: no < > " or control characters, nor a leading = + @.')
    return Parsed(value, pl.coalesce(base.error, _error_if(bad, message)))


def email(col: str) -> Parsed:
    """An e-mail address, trimmed."""
    base = text(col, max_length=254)
    bad = ~base.value.str.contains(_EMAIL)
    return Parsed(
        base.value, pl.coalesce(base.error, _error_if(bad, _("Not a valid e-mail address.")))
    )


def size(col: str) -> Parsed:
    """A company size in English, Spanish or French, as kamp's code."""
    raw = pl.col(col).str.strip_chars()
    key = raw.str.to_lowercase().str.replace_all("ñ", "n").str.replace_all("é", "e")
    value = key.replace_strict(_SIZES, default=None, return_dtype=pl.String)
    bad = raw.is_not_null() & (raw != "") & value.is_null()
    message = _("Unknown size: use small, medium, large or enterprise.")
    return Parsed(value, _error_if(bad, message))


def country_lookup() -> dict[str, str]:
    """Normalised country names (English, Spanish, French, aliases) and codes → ISO code."""
    table: dict[str, str] = {}
    for code, names in COUNTRIES.items():
        table[code.lower()] = code
        for name in names:
            table[normalise_header(name)] = code
    for alias, code in ALIASES.items():
        table[normalise_header(alias)] = code
    return table


def country(frame: pl.DataFrame, col: str) -> Parsed:
    """An ISO code from a code or a name in English, Spanish or French."""
    lookup = country_lookup()
    distinct = frame.get_column(col).drop_nulls().unique().to_list()
    found = {raw: lookup.get(normalise_header(_fold(raw))) for raw in distinct}
    known = {raw: code for raw, code in found.items() if code}
    value = pl.col(col).replace_strict(known, default=None, return_dtype=pl.String)
    bad = pl.col(col).is_not_null() & value.is_null()
    message = _("Unknown country: use its ISO code (ES) or its name in English, Spanish or French.")
    return Parsed(value, _error_if(bad, message))


def _fold(text_value: str) -> str:
    return unicodedata.normalize("NFKC", text_value).strip()


def _signed_body(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """An amount's digits and separators, whether it is negative, and whether its sign is odd.

    Spaces (also no-break and narrow no-break), apostrophes (Swiss thousands), currency signs
    and ISO codes before or after go; ``-`` before or after, a minus sign (U+2212) and
    parentheses make it negative; ``+`` is allowed before.
    """
    cleaned = expr.cast(pl.String).str.replace_all(_NOISE, "").str.replace_all("\u2212", "-")
    opened, closed = cleaned.str.starts_with("("), cleaned.str.ends_with(")")
    bare = cleaned.str.strip_chars("()")
    minus = bare.str.starts_with("-") | bare.str.ends_with("-")
    body = bare.str.strip_chars("+-")
    odd = (opened != closed) | bare.str.contains(r"^[+-]{2}|^\+.*-$|^-.*-$")
    return body, minus | (opened & closed), odd


def _votes(series: pl.Series) -> tuple[int, int, str]:
    """Values whose decimal separator shows (comma, point), and one that could be either."""
    frame = pl.DataFrame({"v": series.drop_nulls()}).select(_signed_body(pl.col("v"))[0])
    v = pl.col("v")
    both = v.str.contains(",", literal=True) & v.str.contains(".", literal=True)
    counts = frame.select(
        comma=(both & v.str.contains(r",\d*$")).sum()
        + (~both & v.str.contains(r"^[^,]*\.[^,]*\.")).sum()
        + (~both & v.str.contains(_SHOWS.format(sep=","))).sum(),
        point=(both & v.str.contains(r"\.\d*$")).sum()
        + (~both & v.str.contains(r"^[^.]*,[^.]*,")).sum()
        + (~both & v.str.contains(_SHOWS.format(sep="\\."))).sum(),
        example=v.filter(v.str.contains(r"^[1-9]\d{0,2}[.,]\d{3}$")).first(),
    ).row(0)
    return int(counts[0]), int(counts[1]), counts[2] or ""


#: One separator that can only be a decimal one: not followed by three digits, or after 0 or
#: after four or more digits (thousands come in groups of three).
_SHOWS = r"^\d*{sep}(\d{{0,2}}|\d{{4,}})$|^(0?|\d{{4,}}){sep}\d{{3}}$"


def decimal_separator(series: pl.Series, *, hint: str | None, default: str) -> str:
    """Which of ``,`` and ``.`` is the decimal separator in this column of numbers as text.

    The mapping's ``decimal`` wins; then the values that show it (``1.234,56``, ``12,5``,
    ``1,234,567``), the majority if they disagree; a column whose values never show it (``1,234``
    or whole numbers) gets ``default``.
    """
    if hint:
        return hint
    comma, point, _example = _votes(series)
    if comma or point:
        return "," if comma >= point else "."
    return default


def ambiguous_example(series: pl.Series) -> str:
    """A value that reads differently with either decimal separator (``1,234``), if any."""
    comma, point, example = _votes(series)
    return "" if comma or point else example


def column_decimals(
    frame: pl.DataFrame, headers: list[str], *, hint: str | None, sample: int
) -> dict[str, str | None | ColumnProblem]:
    """Each number column's decimal separator, judged from the whole column (as dates are).

    The mapping's ``decimal`` (``hint``) wins. ``None``: every value is already plain
    (``-1234.5``; the first ``sample`` values decide, and a later one that does not fit is
    reported, never misread). A column whose values never show which separator is the decimal
    one (``1,234`` or ``5.678``) follows the file's other number columns, and is refused (a
    :class:`ColumnProblem`) when there are none to follow.
    """
    if hint:
        return dict.fromkeys(headers, hint)
    found: dict[str, str | None | ColumnProblem] = {}
    undecided: list[str] = []
    for header in headers:
        column = frame.get_column(header)
        if plain_numbers(column.head(sample)):
            found[header] = None
        elif decimal := decimal_separator(column, hint=None, default=""):
            found[header] = decimal
        else:
            undecided.append(header)
    decided = {d for d in found.values() if isinstance(d, str)}
    for header in undecided:
        example = ambiguous_example(frame.get_column(header))
        if len(decided) == 1:
            found[header] = next(iter(decided))
        elif example:
            message = _(
                "Numbers like %(example)s could be read with a decimal comma or a decimal "
                'point: set decimal ("," or ".") in the mapping.'
            ) % {"example": example}
            found[header] = ColumnProblem(message, example=example)
        else:
            found[header] = "."
    return found


def plain_numbers(series: pl.Series) -> bool:
    """Whether every value is already a plain number (``-1234.5``) and none is ambiguous."""
    if series.dtype.is_numeric():
        return True
    if series.str.contains(r"[^\d.eE+\-\s]").any():
        return False
    if series.str.contains(r"^\s*[+-]?[1-9]\d{0,2}\.\d{3}\s*$").any():
        return False
    return series.cast(pl.Float64, strict=False).null_count() == series.null_count()


_PLAIN = r"^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def number(col: str, *, scale: int, decimal: str | None, limit: int) -> Parsed:
    """A number in whole ``1/scale`` units (cents for money): exact, never through floats.

    ``decimal=None`` means the values are plain (``-1234.5``, checked by :func:`plain_numbers`);
    otherwise spaces, currency signs or codes and apostrophes are dropped, the other separator
    is the thousands one (in groups of three), and ``-12,50``, ``12,50-``, ``(12,50)`` read as
    negative. Digits beyond the scale are rounded half to even.
    """
    raw = pl.col(col)
    digits = len(str(scale)) - 1
    exact = pl.Decimal(38, digits)
    if decimal is None:
        text_value = raw.cast(pl.String).str.strip_chars()
        body, negative, odd = _signed_body(text_value)
        ok = body.str.contains(_PLAIN) & ~odd & ~text_value.str.contains(r"[^\d.eE+\-]")
    else:
        body, negative, odd = _signed_body(raw)
        other = "." if decimal == "," else ","
        d, o = re.escape(decimal), re.escape(other)
        # "1234.5" in a decimal-comma column (a spreadsheet's number cell) can only be decimal:
        # thousands come in groups of three digits.
        alone = ~body.str.contains(decimal, literal=True) & body.str.contains(
            rf"^\d*{o}(\d{{1,2}}|\d{{4,}})$"
        )
        grouped = body.str.contains(rf"^\d{{1,3}}({o}\d{{3}})+({d}\d*)?$")
        usual = body.str.replace_all(other, "", literal=True).str.replace(
            decimal, ".", literal=True
        )
        body = pl.when(alone).then(body.str.replace(other, ".", literal=True)).otherwise(usual)
        without_other = ~raw.str.contains(other, literal=True)
        ok = body.str.contains(_PLAIN) & ~odd & (alone | grouped | without_other)
    return _in_units(raw, pl.when(ok).then(body.cast(exact, strict=False)), negative, scale, limit)


def amount(frame: pl.DataFrame, col: str, *, scale: int, decimal: str | None, limit: int) -> Parsed:
    """:func:`number`, read the fast way when every value is already plain (``-1234.5``, or
    ``-1234,5`` with a decimal comma): the same values and errors, one exact cast a cell."""
    series = frame.get_column(col)
    separator = re.escape(decimal or ".")
    if series.dtype != pl.String or not series.str.contains(rf"^-?\d+({separator}\d+)?$").all():
        return number(col, scale=scale, decimal=decimal, limit=limit)
    raw = pl.col(col)
    body = raw.str.strip_prefix("-")
    if decimal == ",":
        body = body.str.replace(",", ".", literal=True)
    exact = pl.Decimal(38, len(str(scale)) - 1)
    return _in_units(raw, body.cast(exact, strict=False), raw.str.starts_with("-"), scale, limit)


def _in_units(
    raw: pl.Expr, magnitude: pl.Expr, negative: pl.Expr, scale: int, limit: int
) -> Parsed:
    """Whole ``1/scale`` units from an exact unsigned ``magnitude`` (null: not a number)."""
    too_big = (magnitude.abs() >= limit // scale).fill_null(value=False)
    present = raw.is_not_null()
    invalid = present & magnitude.is_null()
    error = (
        pl.when(invalid)
        .then(pl.lit(_("Not a number.")))
        .when(too_big)
        .then(pl.lit(_("Out of range: the number is too large.")))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    units = (magnitude * scale).cast(pl.Int64, strict=False)
    value = pl.when(~invalid & ~too_big).then(pl.when(negative).then(-units).otherwise(units))
    return Parsed(value, error)


def year(col: str) -> Parsed:
    """A year from 1900 to 2100."""
    value = pl.col(col).str.strip_chars().str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    present = pl.col(col).is_not_null()
    error = (
        pl.when(present & value.is_null())
        .then(pl.lit(_("Not a year.")))
        .when(present & ~value.is_between(*YEARS))
        .then(pl.lit(_("Out of range: use a year from 1900 to 2100.")))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return Parsed(pl.when(error.is_null()).then(value), error)


def date(frame: pl.DataFrame, col: str, *, date_format: str | None) -> Parsed:
    """A date from ISO text, ``dd/mm/yyyy``, ``mm/dd/yyyy`` or an Excel serial number.

    With ``date_format`` the column is read with that format (ISO dates and spreadsheet date
    cells are still understood). Without it, the day/month order of slashed dates comes from the
    whole column: a first part above 12 means day first, a second part above 12 month first;
    a column where neither happens, or both, raises :class:`ColumnProblem`.
    """
    raw = pl.col(col).str.strip_chars()
    series = frame.get_column(col)
    iso = raw.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    if date_format is None:
        parsed = frame.select(iso).to_series()
        if parsed.null_count() == series.null_count():
            return _dated(col, pl.lit(parsed))  # the fast path: every date is ISO, parsed once
    iso = _from_parts(raw.str.extract_groups(_ISO), "1", "2", "3")
    serial = raw.str.extract(_SERIAL, 1).cast(pl.Int64, strict=False)
    from_serial = pl.when(serial.is_between(1, MAX_EXCEL_SERIAL)).then(
        EXCEL_EPOCH + pl.duration(days=serial)
    )
    if date_format is not None:
        formatted = raw.str.strptime(pl.Date, date_format, strict=False)
        return _dated(col, pl.coalesce(formatted, iso, from_serial))
    parts = raw.str.extract_groups(_DMY)
    day, month = _day_month_order(frame, col, parts)
    slashed = _from_parts(parts, "3", month, day)
    return _dated(col, pl.coalesce(iso, slashed, from_serial))


def _day_month_order(frame: pl.DataFrame, col: str, parts: pl.Expr) -> tuple[str, str]:
    """The struct fields holding day and month, judged from the whole column."""
    first = parts.struct.field("1").cast(pl.Int64)
    second = parts.struct.field("2").cast(pl.Int64)
    stats = frame.select(
        slashed=first.is_not_null().sum(),
        first_high=(first > 12).sum(),
        second_high=(second > 12).sum(),
        example=pl.col(col).filter(first.is_not_null()).first(),
    ).row(0, named=True)
    if not stats["slashed"]:
        return "1", "2"
    if stats["first_high"] and not stats["second_high"]:
        return "1", "2"
    if stats["second_high"] and not stats["first_high"]:
        return "2", "1"
    if stats["first_high"]:
        message = _("The dates mix day-first and month-first orders; set date_format.")
    else:
        message = _(
            "Dates like %(example)s could be day-first or month-first: set date_format "
            '(e.g. "%%d/%%m/%%Y") in the mapping.'
        ) % {"example": stats["example"]}
    raise ColumnProblem(message, example=stats["example"] or "")


def _from_parts(parts: pl.Expr, year_field: str, month_field: str, day_field: str) -> pl.Expr:
    """A date from text parts; impossible dates (31/02) become null."""
    year_value = parts.struct.field(year_field).cast(pl.Int64)
    year_value = (
        pl.when(year_value < 100)
        .then(year_value + pl.when(year_value < 69).then(2000).otherwise(1900))
        .otherwise(year_value)
    )
    text_date = pl.format(
        "{}-{}-{}",
        year_value,
        parts.struct.field(month_field).str.zfill(2),
        parts.struct.field(day_field).str.zfill(2),
    )
    return text_date.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _dated(col: str, value: pl.Expr) -> Parsed:
    present = pl.col(col).is_not_null()
    in_range = value.dt.year().is_between(*YEARS)
    error = (
        pl.when(present & value.is_null())
        .then(pl.lit(_("Not a valid date (e.g. 2024-03-31 or 31/03/2024).")))
        .when(present & ~in_range)
        .then(pl.lit(_("Out of range: use a date from 1900 to 2100.")))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return Parsed(pl.when(error.is_null()).then(value), error)


def lookup_values(series: pl.Series, known: Mapping[str, int]) -> dict[str, int]:
    """Distinct values of ``series`` found in ``known`` (keys lower-case), value → key."""
    return {
        raw: known[raw.strip().lower()]
        for raw in series.drop_nulls().unique().to_list()
        if raw.strip().lower() in known
    }
