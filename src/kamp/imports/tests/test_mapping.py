"""Header recognition in English, Spanish and French, and TOML mapping files."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamp.imports.mapping import (
    Mapping,
    MappingError,
    detect_columns,
    mapping_to_toml,
    normalise_header,
    parse_mapping_toml,
)


def test_it_normalises_headers() -> None:
    assert normalise_header("Cód. Cliente") == "cod cliente"
    assert normalise_header("N° client") == "n client"
    assert normalise_header("Chiffre d'affaires (€)") == "chiffre d affaires"


@pytest.mark.parametrize(
    "headers",
    [
        ["Customer ID", "Invoice date", "Net amount", "Gross margin", "Qty", "Product line"],
        ["Cód. Cliente", "Fecha Factura", "Importe Neto (€)", "Margen", "Cantidad", "Familia"],
        ["N° client", "Date facture", "Chiffre d'affaires", "Marge", "Quantité", "Gamme"],
    ],
)
def test_it_recognises_sales_headers_in_three_languages(headers: list[str]) -> None:
    found = detect_columns("sales", headers)
    assert list(found) == ["customer_id", "date", "revenue", "margin", "quantity", "product_line"]
    assert list(found.values()) == headers


def test_each_header_serves_one_field() -> None:
    found = detect_columns("customers", ["Cliente", "Nombre", "Cliente padre", "País"])
    assert found == {
        "customer_id": "Cliente",
        "name": "Nombre",
        "parent_id": "Cliente padre",
        "country": "País",
    }


MAPPING = """
kind = "sales"
delimiter = ";"
decimal = ","
date_format = "%d/%m/%Y"
header_row = 3
[columns]
customer_id = "Cód. Cliente"
date = "Fecha Factura"
revenue = "Importe Neto (€)"
"""


def test_it_reads_a_mapping_file_and_writes_it_back() -> None:
    mapping = parse_mapping_toml(MAPPING)
    assert mapping == Mapping(
        kind="sales",
        columns={
            "customer_id": "Cód. Cliente",
            "date": "Fecha Factura",
            "revenue": "Importe Neto (€)",
        },
        delimiter=";",
        decimal=",",
        date_format="%d/%m/%Y",
        header_row=3,
    )
    assert parse_mapping_toml(mapping_to_toml(mapping)) == mapping


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind = ", "not valid TOML"),
        ('kind = "invoices"', "Unknown kind"),
        ('kind = "sales"\ncolour = "red"', "Unknown setting"),
        ('kind = "sales"\n[columns]\nprice = "P"', "no field price"),
        ('kind = "sales"\ndelimiter = "#"', "delimiter must be"),
        ('kind = "sales"\nheader_row = 0', "header_row"),
        ('kind = "sales"\ndecimal = ","\nthousands = ","', "different"),
    ],
)
def test_it_explains_a_bad_mapping_file(text: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        parse_mapping_toml(text)


def test_a_mapping_for_another_kind_is_refused() -> None:
    with pytest.raises(MappingError, match="not customers"):
        parse_mapping_toml(MAPPING, kind="customers")


AWKWARD_HEADERS = [
    'Importe "neto"',
    "C:\\ventas\\importe",
    "Fecha\r\nFactura",
    "Tab\there",
    "Bell\x07and\x1funit separator and \x7f delete",
    "Ünïcödé ’quotes’ and \u00a0no-break\u202fspaces",
    '\'single\' and "double" and \\" both',
    "trailing backslash \\",
]


@pytest.mark.parametrize("header", AWKWARD_HEADERS)
def test_a_written_mapping_reads_back_whatever_its_headers_hold(header: str) -> None:
    mapping = Mapping(
        kind="sales",
        columns={"customer_id": header, "date": "Fecha", "revenue": f"{header} (€)"},
        delimiter="\t",
        date_format="%d/%m/%Y",
        header_row=2,
    )
    text = mapping_to_toml(mapping)
    assert parse_mapping_toml(text) == mapping


@given(st.text(min_size=1, max_size=40))
def test_any_header_round_trips_through_a_mapping_file(header: str) -> None:
    mapping = Mapping(kind="customers", columns={"customer_id": header, "name": header + "!"})
    assert parse_mapping_toml(mapping_to_toml(mapping)) == mapping
