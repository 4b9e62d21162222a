"""Exports to CSV and XLSX that a spreadsheet cannot turn against its user.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula when the file is opened (CSV injection). In CSV such text gets a leading apostrophe,
which spreadsheets show as text; in XLSX every text cell is written as a string cell, never as
a formula, so ``=HYPERLINK(...)`` stays the text it is. Numbers are numbers in both.

Pure: a frame in, bytes out.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kamp.core.spreadsheets import printable

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

#: The first characters that make a spreadsheet read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"


def neutralise(value: str) -> str:
    """``"=1+2"`` → ``"'=1+2"``; other text unchanged."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def to_csv(frame: pl.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with a BOM (so Excel reads accents right), formulas neutralised."""
    safe = frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_PATTERN))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )
    return b"\xef\xbb\xbf" + safe.write_csv().encode("utf-8")


def to_xlsx(frame: pl.DataFrame, *, title: str) -> bytes:
    """The frame as a one-sheet workbook; text cells are always text, never formulas."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_text_cell(sheet, name) for name in frame.columns])
    for row in frame.iter_rows():
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet: object, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=printable(value))  # type: ignore[arg-type]
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    return cell
