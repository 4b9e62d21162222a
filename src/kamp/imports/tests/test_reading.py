"""Reading files: formats, encodings, delimiters, header rows, and row numbers as users see them."""

from __future__ import annotations

import io

import polars as pl
import pytest

from kamp.imports.mapping import Mapping
from kamp.imports.reading import ROW, ReadError, decode, read_table, sniff_delimiter
from kamp.imports.tests.helpers import xlsx


def read(data: bytes, name: str = "f.csv", kind: str = "sales", **options: object) -> pl.DataFrame:
    return read_table(data, file_name=name, kind=kind, mapping=Mapping(kind=kind, **options)).frame  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('name;amount\n"Smith, John";1.234,56\n', ";"),
    ],
)
def test_it_sniffs_the_delimiter(sample: str, delimiter: str) -> None:
    assert sniff_delimiter(sample) == delimiter


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Société".encode(), "Société", "utf-8"),
        (b"\xef\xbb\xbf" + "Société".encode(), "Société", "utf-8-sig"),
        ("Société".encode("cp1252"), "Société", "cp1252"),
        ("Société €".encode("cp1252"), "Société €", "cp1252"),
        ("Société".encode("utf-16"), "Société", "utf-16"),
    ],
)
def test_it_decodes_the_usual_encodings(data: bytes, text: str, encoding: str) -> None:
    assert decode(data, None) == (text, encoding)


def test_it_names_the_line_of_a_byte_that_the_declared_encoding_refuses() -> None:
    with pytest.raises(ReadError, match=r"Line 2 is not valid utf-8"):
        decode("a\nSociété\n".encode("cp1252"), "utf-8")


def test_it_skips_title_lines_above_the_headers_and_numbers_lines_as_in_the_file() -> None:
    data = (
        b"Sales export\nPrinted 2024-05-01\n\n"
        b"customer_id,date,revenue\nC1,2024-01-05,10\n\nC2,2024-01-06,20\n"
    )
    frame = read(data)
    assert frame.columns == ["customer_id", "date", "revenue", ROW]
    assert frame.get_column(ROW).to_list() == [5, 7]


def test_line_numbers_count_line_breaks_inside_quoted_values() -> None:
    data = b'customer_id,name\nC1,"Acme\nFoods"\nC2,Brico\n'
    frame = read(data, kind="customers")
    assert frame.get_column(ROW).to_list() == [2, 4]
    assert frame.get_column("name").to_list() == ["Acme\nFoods", "Brico"]


def test_it_reads_a_header_row_given_in_the_mapping() -> None:
    data = b"x,y\nfoo,bar\ncode,amount\nC1,3\n"
    frame = read(data, header_row=3)
    assert frame.columns == ["code", "amount", ROW]
    assert frame.get_column(ROW).to_list() == [4]


def test_it_reads_the_first_or_a_named_sheet_with_headers_lower_down() -> None:
    data = xlsx(
        [
            ["Informe de ventas"],
            [],
            ["Cód. Cliente", "Fecha", "Importe"],
            ["C1", "2024-01-31", 12.5],
        ],
        title="Ventas",
        at="B2",
    )
    table = read_table(data, file_name="v.xlsx", kind="sales", mapping=Mapping(kind="sales"))
    assert table.headers == ["Cód. Cliente", "Fecha", "Importe"]
    assert table.header_row == 4
    assert table.frame.get_column(ROW).to_list() == [5]
    with pytest.raises(ReadError, match="no sheet 'Compras'"):
        read(data, name="v.xlsx", sheet="Compras")


def test_it_reads_parquet() -> None:
    out = io.BytesIO()
    pl.DataFrame({"customer_id": ["C1"], "revenue": [1.5]}).write_parquet(out)
    frame = read(out.getvalue(), name="s.parquet")
    assert frame.row(0) == ("C1", "1.5", 1)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "f.csv", "empty"),
        (b"  \n\n", "f.csv", "empty"),
        (b"\x00\x01\x02binary\xff", "f.csv", "binary"),
        (b"a,b\n1,2\n", "f.xlsx", "rename it to .csv"),
        (b"PK\x03\x04not really a zip", "f.xlsx", "cannot be opened"),
        (b"\xd0\xcf\x11\xe0old excel", "f.xls", r"\.xls"),
        (b"PAR1garbage", "f.parquet", "cannot be read"),
    ],
)
def test_it_refuses_what_is_not_a_table(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read(data, name=name)


def test_it_names_the_line_of_an_unclosed_quote() -> None:
    with pytest.raises(ReadError, match="Line 3"):
        read(b'customer_id,name\nC1,Acme\nC2,"Brico\n', kind="customers")


def test_it_names_a_line_with_more_values_than_headers() -> None:
    with pytest.raises(ReadError, match="Line 3 has 3 values but the header has 2"):
        read(b"customer_id,name\nC1,Acme\nC2,Brico,extra\n", kind="customers")
