"""Amounts in every common format, end to end: the decimal-comma bug, ambiguity, and properties.

The regression (issue 10): a decimal-comma file whose negative lines carry a leading minus
imported 2,346.91 instead of 147.91, the minus dropped. The properties format any amount in
the conventions of eight locales (Babel) and by hand, and read it back from CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from babel.numbers import format_currency, format_decimal
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kamp.cli import app
from kamp.customers.models import SalesFact
from kamp.imports.mapping import build_mapping
from kamp.imports.reading import read_table
from kamp.imports.tests.helpers import CUSTOMERS_CSV, run_import, xlsx
from kamp.imports.validate import Options, References, check
from kamp.users.services import token_create
from tests.openapi import assert_matches_schema

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from django.test import Client

    from conftest import Cast

BUG_FILE = (
    "Cliente;Fecha;Importe\nC1;27/07/2025;1.247,41\nC1;28/07/2025;-1.000,00\nC1;29/07/2025;-99,50\n"
)
BUG_MAPPING = """kind = "sales"
delimiter = ";"
decimal = ","
date_format = "%d/%m/%Y"
[columns]
customer_id = "Cliente"
date = "Fecha"
revenue = "Importe"
"""
runner = CliRunner()


def _stored_revenue() -> Decimal:
    return sum(SalesFact.objects.values_list("revenue", flat=True), Decimal(0))


@pytest.mark.django_db
@pytest.mark.parametrize("with_mapping", [False, True])
def test_the_leading_minus_of_a_decimal_comma_file_counts_through_the_cli(
    tmp_path: Path, *, with_mapping: bool
) -> None:
    run_import("customers", CUSTOMERS_CSV)
    path = tmp_path / "ventas.csv"
    path.write_text(BUG_FILE, encoding="utf-8")
    args = ["import", "sales", str(path), "--json"]
    if with_mapping:
        (tmp_path / "m.toml").write_text(BUG_MAPPING, encoding="utf-8")
        args += ["--mapping", str(tmp_path / "m.toml")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["revenue_total"] == 147.91
    assert _stored_revenue() == Decimal("147.91")
    # One monthly fact for the three lines.
    assert list(SalesFact.objects.values_list("revenue", flat=True)) == [Decimal("147.91")]
    assert SalesFact.objects.aggregate(n=Sum("lines"))["n"] == 3


@pytest.mark.django_db
@pytest.mark.parametrize("mapping", ["", BUG_MAPPING])
def test_the_leading_minus_of_a_decimal_comma_file_counts_through_the_api(
    client: Client, cast: Cast, mapping: str
) -> None:
    run_import("customers", CUSTOMERS_CSV)
    _token, raw = token_create(actor=cast.director, user=cast.director, name="tests")
    upload = io.BytesIO(BUG_FILE.encode())
    upload.name = "ventas.csv"
    data = {"file": upload, "kind": "sales", "mapping": mapping}
    response = client.post("/api/v1/imports", data, headers={"Authorization": f"Bearer {raw}"})
    assert_matches_schema("/api/v1/imports", "POST", response.status_code, response.content)
    assert response.json()["summary"]["revenue_total"] == 147.91
    assert _stored_revenue() == Decimal("147.91")


def _revenue(data: bytes, name: str, decimal: str | None = None) -> list[int] | list[str]:
    """Cents read from a sales file's revenue column, or the problems found."""
    mapping = build_mapping(
        "sales",
        {"customer_id": "customer_id", "date": "date", "revenue": "revenue"},
        {"decimal": decimal},
    )
    table = read_table(data, file_name=name, kind="sales", mapping=mapping)
    refs = References(customer_ids=frozenset({"C1"}))
    checked = check(table, mapping, refs, Options())
    if not checked.ok:
        return [str(m) for m in checked.errors.get_column("message")]
    return [int(c) for c in checked.rows.get_column("revenue")]


def _csv(cells: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["customer_id", "date", "revenue"])
    writer.writerows(["C1", "2025-07-27", cell] for cell in cells)
    return out.getvalue().encode("utf-8")


def _xlsx(cells: list[object]) -> bytes:
    rows: list[list[object]] = [["customer_id", "date", "revenue"]]
    return xlsx(rows + [["C1", "2025-07-27", cell] for cell in cells])


def _cents(amount: Decimal) -> int:
    return int(amount.scaleb(2))


EXAMPLES = [
    ("1.247,41", 124741),
    ("-1.000,00", -100000),
    ("-99,50", -9950),
    ("99,50-", -9950),
    ("(1.000,00)", -100000),
    ("+1.000,00", 100000),
    ("1 000,00 €", 100000),
    ("€ -1.000,00", -100000),
    ("-€1,000.00", -100000),
    ("EUR 1.000,00", 100000),
    ("1.000,00 EUR", 100000),
    ("CHF-1'234.50", -123450),
    ("1’234.50 CHF", 123450),
    ("£1,234.50", 123450),
    ("$ (1,234.50)", -123450),
    ("1\u00a0234,50", 123450),
    ("-1\u202f234,50\u00a0€", -123450),
    ("\u22121 234,50", -123450),
    ("1,234,567.89 USD", 123456789),
    ("1.234.567", 123456700),
    ("0,123", 12),
]


@pytest.mark.parametrize(("cell", "cents"), EXAMPLES)
def test_each_common_format_reads_back(cell: str, cents: int) -> None:
    assert _revenue(_csv([cell]), "s.csv") == [cents]
    assert _revenue(_xlsx([cell]), "s.xlsx") == [cents]


@pytest.mark.parametrize("cells", [["1,234", "5,678"], ["1.234"], ["-1,234", "(5,678)"]])
def test_a_column_that_could_be_read_either_way_is_refused(cells: list[str]) -> None:
    (message,) = _revenue(_csv(cells), "s.csv")
    assert "set decimal" in str(message)
    comma, point = _revenue(_csv(cells), "s.csv", ","), _revenue(_csv(cells), "s.csv", ".")
    assert comma != point
    assert all(isinstance(v, int) for v in [*comma, *point])


def test_numbers_that_do_not_fit_their_column_are_refused_not_misread() -> None:
    messages = _revenue(_csv(["1.234,56", "1.23,4"]), "s.csv")
    assert messages == ["Not a number."]


def test_spreadsheet_number_cells_read_exactly() -> None:
    cells: list[object] = [0.1 + 0.2, 1234.5, 999_999_999_999.99, -0.07, 1e-7, 12]
    assert _revenue(_xlsx(cells), "s.xlsx") == [30, 123450, 99_999_999_999_999, -7, 0, 1200]


LOCALES = ["es", "fr", "de", "de_CH", "it", "pt", "en_GB", "en_US"]
amounts = st.decimals(
    min_value=Decimal(-(10**12)) + Decimal("0.01"),
    max_value=Decimal(10**12) - Decimal("0.01"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


def _styles(locale: str) -> dict[str, Callable[[Decimal], str]]:
    """Ways people write an amount in ``locale``: Babel's own, and by hand."""

    def plain(d: Decimal) -> str:
        return format_decimal(d, format="#,##0.00", locale=locale)

    def currency(d: Decimal) -> str:
        return format_currency(d, "EUR", locale=locale)

    def code(d: Decimal) -> str:
        return format_currency(d, "CHF", locale=locale, format="¤¤ #,##0.00")

    def trailing(d: Decimal) -> str:
        return plain(abs(d)) + ("-" if d < 0 else "")

    def parentheses(d: Decimal) -> str:
        return f"({plain(abs(d))})" if d < 0 else plain(d)

    return {
        "plain": plain,
        "currency": currency,
        "code": code,
        "trailing": trailing,
        "parentheses": parentheses,
    }


formats = st.sampled_from(
    [(locale, style) for locale in LOCALES for style in _styles("en").keys()]  # noqa: SIM118
)
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(st.lists(amounts, min_size=1, max_size=4), formats)
def test_any_amount_in_any_convention_reads_back_from_csv(
    column: list[Decimal], style: tuple[str, str]
) -> None:
    write = _styles(style[0])[style[1]]
    assert _revenue(_csv([write(d) for d in column]), "s.csv") == [_cents(d) for d in column]


@PROPERTY
@given(st.lists(amounts, min_size=1, max_size=4), formats)
def test_any_amount_in_any_convention_reads_back_from_xlsx_text(
    column: list[Decimal], style: tuple[str, str]
) -> None:
    write = _styles(style[0])[style[1]]
    cells: list[object] = [write(d) for d in column]
    assert _revenue(_xlsx(cells), "s.xlsx") == [_cents(d) for d in column]


@PROPERTY
@given(st.lists(amounts, min_size=1, max_size=4))
def test_any_amount_reads_back_from_xlsx_number_cells(column: list[Decimal]) -> None:
    cells: list[object] = [float(d) for d in column]
    assert _revenue(_xlsx(cells), "s.xlsx") == [_cents(d) for d in column]


@PROPERTY
@given(st.lists(amounts, min_size=1, max_size=4), st.sampled_from(LOCALES))
def test_babel_default_format_reads_back_with_the_decimal_setting(
    column: list[Decimal], locale: str
) -> None:
    cells = [format_decimal(d, locale=locale) for d in column]
    decimal = format_decimal(Decimal("0.5"), locale=locale)[1]
    assert _revenue(_csv(cells), "s.csv", decimal) == [_cents(d) for d in column]
