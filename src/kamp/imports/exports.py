"""Exports to CSV and XLSX that a spreadsheet cannot turn against its user.

Text a spreadsheet would run as a formula (CSV injection) goes through
:func:`kamp.core.spreadsheets.neutralise`, the one rule for CSV and XLSX alike, so the same
value reads the same in both; XLSX text cells are also written as string cells, never as
formulas. Numbers are numbers in both.

Money columns (:data:`MONEY_COLUMNS`, kept as exact decimals) are number cells in XLSX with the
company's currency as their number format (``#,##0.00 "EUR"``), so a spreadsheet adds them up
and shows what they are in.

Pure: a frame in, bytes out.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kamp.core.formatting import spreadsheet_money_format
from kamp.core.spreadsheets import neutralise, printable

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

#: The columns of an export that hold amounts of money.
MONEY_COLUMNS = frozenset({"revenue", "margin"})


def to_csv(frame: pl.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with a BOM (so Excel reads accents right), formulas neutralised."""
    safe = frame.with_columns(
        pl.col(c).map_elements(neutralise, return_dtype=pl.String, skip_nulls=True)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )
    return b"\xef\xbb\xbf" + safe.write_csv().encode("utf-8")


def to_xlsx(frame: pl.DataFrame, *, title: str, currency: str | None = None) -> bytes:
    """The frame as a one-sheet workbook; text cells are always text, never formulas.

    With ``currency``, the :data:`MONEY_COLUMNS` are formatted as amounts in it.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_text_cell(sheet, name) for name in frame.columns])
    money_format = spreadsheet_money_format(currency) if currency else None
    money = [money_format is not None and name in MONEY_COLUMNS for name in frame.columns]
    for row in frame.iter_rows():
        sheet.append(
            [
                _text_cell(sheet, neutralise(v))
                if isinstance(v, str)
                else _money_cell(sheet, v, money_format)
                if is_money and money_format and v is not None
                else v
                for v, is_money in zip(row, money, strict=True)
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet: object, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=printable(value))  # type: ignore[arg-type]
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    return cell


def _money_cell(sheet: object, value: object, number_format: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
    cell.number_format = number_format
    return cell
