"""Cell values: numbers in any locale, dates in any order, countries, sizes, ids."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamp.imports import values

if TYPE_CHECKING:
    from collections.abc import Sequence


def parse_number(
    cells: Sequence[str | None], decimal: str | None, scale: int = 100
) -> list[tuple[Any, ...]]:
    frame = pl.DataFrame({"x": cells}, schema={"x": pl.String})
    parsed = values.number("x", scale=scale, decimal=decimal, limit=values.MAX_MONEY)
    return frame.select(parsed.value, parsed.error.alias("e")).rows()


_PLAIN_CELLS = st.lists(
    st.one_of(st.none(), st.from_regex(r"\A-?\d{1,20}(\.\d{1,6})?\Z")), min_size=1, max_size=8
)


@given(_PLAIN_CELLS, st.sampled_from([None, ".", ","]), st.sampled_from([100, 1000]))
def test_the_fast_reading_of_plain_columns_matches_the_locale_aware_one(
    cells: list[str | None], decimal: str | None, scale: int
) -> None:
    if decimal == ",":
        cells = [c.replace(".", ",") if c else c for c in cells]
    frame = pl.DataFrame({"x": cells}, schema={"x": pl.String})
    fast = values.amount(frame, "x", scale=scale, decimal=decimal, limit=values.MAX_MONEY)
    slow = values.number("x", scale=scale, decimal=decimal, limit=values.MAX_MONEY)
    assert frame.select(fast.value, fast.error.alias("e")).rows() == (
        frame.select(slow.value, slow.error.alias("e")).rows()
    )


def test_a_column_with_one_value_in_another_format_is_read_the_locale_aware_way() -> None:
    frame = pl.DataFrame({"x": ["1234.5", "(12.50)", "1,234.00"]})
    parsed = values.amount(frame, "x", scale=100, decimal=".", limit=values.MAX_MONEY)
    assert frame.select(parsed.value).to_series().to_list() == [123450, -1250, 123400]


def test_it_reads_plain_numbers_in_cents() -> None:
    assert parse_number(["1234.5", "-12.34", "0", None], None) == [
        (123450, None),
        (-1234, None),
        (0, None),
        (None, None),
    ]


def test_it_reads_decimal_comma_thousands_spaces_currencies_and_accounting_negatives() -> None:
    cells = ["1.234,56", "1 234,56 €", "(12,50)", "12,50-", "€ 3", "1\u202f000,5", "1234.5"]
    expected = [123456, 123456, -1250, -1250, 300, 100050, 123450]
    assert [v for v, _e in parse_number(cells, ",")] == expected


def test_it_reads_thousands_commas_with_a_decimal_point() -> None:
    assert [v for v, _e in parse_number(["1,234,567.89", "$12.5"], ".")] == [123456789, 1250]


@pytest.mark.parametrize("cell", ["abc", "=1+2", "12,,5", "nan", "inf", "1e400"])
def test_it_refuses_what_is_not_a_number(cell: str) -> None:
    ((value, error),) = parse_number([cell], ",")
    assert value is None
    assert error == "Not a number."


def test_it_refuses_amounts_beyond_sixteen_digits() -> None:
    ((value, error),) = parse_number(["1e15"], None)
    assert value is None
    assert error is not None and "too large" in error


@pytest.mark.parametrize(
    ("cells", "separator"),
    [
        (["1.234,56", "12"], ","),
        (["12,5"], ","),
        (["1,234.56"], "."),
        (["12.5"], "."),
        (["1,234", "5,000"], "?"),  # never shown: the default decides
    ],
)
def test_it_infers_the_decimal_separator_from_the_column(cells: list[str], separator: str) -> None:
    assert values.decimal_separator(pl.Series(cells), hint=None, default="?") == separator


def parse_dates(
    cells: Sequence[str | None], date_format: str | None = None
) -> list[tuple[Any, ...]]:
    frame = pl.DataFrame({"d": cells}, schema={"d": pl.String})
    parsed = values.date(frame, "d", date_format=date_format)
    return frame.select(parsed.value, parsed.error.alias("e")).rows()


def test_it_reads_iso_dates_and_spreadsheet_date_cells() -> None:
    assert parse_dates(["2024-03-31", "2024-04-01 00:00:00", "45383"]) == [
        (dt.date(2024, 3, 31), None),
        (dt.date(2024, 4, 1), None),
        (dt.date(2024, 4, 1), None),
    ]


def test_it_infers_day_first_from_the_whole_column() -> None:
    rows = parse_dates(["03/04/2024", "25/12/2024", "1.2.24"])
    assert [v for v, _e in rows] == [
        dt.date(2024, 4, 3),
        dt.date(2024, 12, 25),
        dt.date(2024, 2, 1),
    ]


def test_it_infers_month_first_from_the_whole_column() -> None:
    rows = parse_dates(["03/04/2024", "12/25/2024"])
    assert [v for v, _e in rows] == [dt.date(2024, 3, 4), dt.date(2024, 12, 25)]


def test_an_ambiguous_column_asks_for_a_date_format_instead_of_guessing() -> None:
    with pytest.raises(values.ColumnProblem, match="date_format"):
        parse_dates(["03/04/2024", "05/06/2024"])
    assert parse_dates(["03/04/2024"], "%d/%m/%Y") == [(dt.date(2024, 4, 3), None)]


def test_impossible_and_out_of_range_dates_are_errors() -> None:
    rows = parse_dates(["31/02/2024", "15/01/2024", "1850-01-01", "soon"])
    assert rows[0] == (None, "Not a valid date (e.g. 2024-03-31 or 31/03/2024).")
    assert rows[1] == (dt.date(2024, 1, 15), None)
    assert rows[2][1] is not None and "Out of range" in rows[2][1]
    assert rows[3][0] is None


def test_it_reads_countries_as_codes_or_names_in_three_languages() -> None:
    frame = pl.DataFrame(
        {"c": ["ES", "es", "Spain", "España", "Espagne", "Allemagne", "UK", "Atlantis"]}
    )
    parsed = values.country(frame, "c")
    result = frame.select(parsed.value, parsed.error.alias("e")).rows()
    assert [v for v, _e in result] == ["ES", "ES", "ES", "ES", "ES", "DE", "GB", None]
    assert result[-1][1] is not None


def test_it_reads_sizes_in_three_languages() -> None:
    frame = pl.DataFrame({"s": ["Grande", "pequeña", "moyenne", "enterprise", "huge"]})
    parsed = values.size("s")
    assert frame.select(parsed.value).to_series().to_list() == [
        "large",
        "small",
        "medium",
        "enterprise",
        None,
    ]


def test_ids_from_spreadsheet_numbers_lose_their_decimals_and_markup_is_refused() -> None:
    frame = pl.DataFrame({"i": ["1042.0", " C7 ", "<b>C1</b>", "=cmd()"]})
    parsed = values.identifier("i", max_length=64)
    rows = frame.select(parsed.value, parsed.error.alias("e")).rows()
    assert rows[0] == ("1042", None)
    assert rows[1] == ("C7", None)
    assert rows[2][1] is not None and rows[3][1] is not None
