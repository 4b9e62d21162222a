"""Bounded imports: files beyond the limits are refused before they are parsed, with a message."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import polars as pl
import pytest

from kamp.imports.limits import Limits, unpacked_size
from kamp.imports.mapping import Mapping
from kamp.imports.models import ImportRun
from kamp.imports.reading import ReadError, read_table
from kamp.imports.tests.helpers import bare_rows, raw_xlsx, run_import, tiny_rows, xlsx

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_django.fixtures import Settings

SMALL = Limits(rows=100, columns=5, cells=300, attribute_bytes=200, xlsx_uncompressed_bytes=50_000)


def read(data: bytes, name: str, kind: str = "sales", bounds: Limits = SMALL) -> int:
    mapping = Mapping(kind=kind)
    return read_table(data, file_name=name, kind=kind, mapping=mapping, bounds=bounds).rows


@pytest.fixture
def small_limits(settings: Settings) -> None:
    settings.KAMP_IMPORT_MAX_ROWS = 100
    settings.KAMP_IMPORT_MAX_COLUMNS = 5
    settings.KAMP_IMPORT_MAX_CELLS = 300
    settings.KAMP_IMPORT_MAX_ATTRIBUTE_BYTES = 200
    settings.KAMP_IMPORT_MAX_XLSX_UNCOMPRESSED_MB = 1


@pytest.mark.django_db
@pytest.mark.usefixtures("small_limits")
def test_an_xlsx_bomb_of_tiny_rows_is_rejected_before_it_is_parsed() -> None:
    bomb = raw_xlsx(bare_rows(20_000))  # 520 kB of XML in a few kilobytes
    assert len(bomb) < 5_000
    run = run_import("sales", bomb, name="bomb.xlsx")
    assert run.status == ImportRun.Status.REJECTED
    assert "bomb.xlsx has more than 100 rows" in run.message
    assert "KAMP_IMPORT_MAX_ROWS" in run.message


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (bare_rows(101), "more than 100 rows"),  # rows without numbers, counted
        (tiny_rows(1, start=5_000), "more than 100 rows"),  # one row, numbered far down
        (['<row r="1"><c r="A1"><v>1</v></c><c r="Z1"><v>1</v></c></row>'], "26 columns"),
        (['<row r="1"><c><v>1</v></c><c/><c/><c/><c/><c/></row>'], "6 columns"),
        (['<x:row r="1"><x:c r="A1"/><x:c r="G1"/></x:row>'], "7 columns"),
        (tiny_rows(80), ""),  # within the limits
    ],
)
def test_the_sheet_is_counted_as_it_streams(rows: list[str], message: str) -> None:
    data = raw_xlsx(rows)
    if not message:
        assert read(data, "ok.xlsx") == 79  # the first row is the header
        return
    with pytest.raises(ReadError, match=message):
        read(data, "f.xlsx")


@pytest.mark.parametrize(
    ("dimension", "message"),
    [("A1:A5000", "more than 100 rows"), ("A1:XFD1", "16,384 columns"), ("A1:E99", "cells")],
)
def test_a_declared_dimension_beyond_the_limits_is_refused(dimension: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read(raw_xlsx(tiny_rows(3), dimension=dimension), "f.xlsx")


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused() -> None:
    padded = io.BytesIO()
    small = io.BytesIO(xlsx([["a", "b"], ["1", "2"]]))
    with (
        zipfile.ZipFile(small) as source,
        zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/media/padding.bin", b"\0" * 60_000)
    with pytest.raises(ReadError, match=r"unpacks to 0 MB, over the limit of 0 MB"):
        read(padded.getvalue(), "big.xlsx")
    assert read(padded.getvalue(), "big.xlsx", bounds=Limits()) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n" + b"1,2\n" * 100, "more than 100 rows"),
        (b"a,b,c,d,e,f\n1,2,3,4,5,6\n", "6 columns; at most 5"),
        (b"a,b,c,d,e\n" + b"1,2,3,4,5\n" * 60, "more than 300 cells"),
    ],
)
def test_a_csv_is_counted_before_it_is_parsed(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read(data, "f.csv")


def test_a_parquet_file_is_counted_from_its_metadata() -> None:
    out = io.BytesIO()
    pl.DataFrame({"customer_id": ["C1"] * 101}).write_parquet(out)
    with pytest.raises(ReadError, match="more than 100 rows"):
        read(out.getvalue(), "f.parquet")


@pytest.mark.django_db
@pytest.mark.usefixtures("small_limits")
def test_ten_thousand_extra_columns_are_refused_naming_file_row_and_column() -> None:
    header = "customer_id,name," + ",".join(f"x{n}" for n in range(10_000))
    row = "C1,Acme," + ",".join("1" for _ in range(10_000))
    run = run_import("customers", f"{header}\n{row}\n", name="wide.csv")
    assert run.status == ImportRun.Status.REJECTED
    assert "wide.csv has 10,002 columns; at most 5" in run.message
    assert "column 6 is the first beyond the limit" in run.message
    assert run.errors[0]["row"] == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("small_limits")
def test_attributes_over_their_size_are_a_problem_of_their_row_and_column() -> None:
    big = "x" * 190
    content = f"customer_id,name,Region,Notes\nC1,Acme,South,short\nC2,Brico,West,{big}\n"
    run = run_import("customers", content, name="c.csv")
    assert run.status == ImportRun.Status.REJECTED
    [problem] = run.errors
    assert (problem["row"], problem["column"], problem["value"]) == (3, "Notes", big)
    assert "more than 200 bytes" in problem["message"]
    run = run_import("customers", content, name="c.csv", skip_invalid=True)
    assert run.status == ImportRun.Status.IMPORTED
    assert run.created == 1


def test_the_web_server_reads_only_what_is_small_once_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(raw_xlsx(bare_rows(20_000)))
    assert path.stat().st_size < 5_000
    assert unpacked_size(path) > 500_000
    (tmp_path / "a.csv").write_bytes(b"a,b\n")
    assert unpacked_size(tmp_path / "a.csv") == 0
