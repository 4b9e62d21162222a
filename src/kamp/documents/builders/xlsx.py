"""Documents as Excel: a summary sheet, then one sheet per table; text never becomes a formula."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kamp.core.formatting import spreadsheet_money_format
from kamp.core.spreadsheets import neutralise, printable
from kamp.documents.content import Money

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from kamp.documents.content import Cell, Document


def _safe(value: Cell) -> Cell:
    return neutralise(printable(value)) if isinstance(value, str) else value


def _append(sheet: Worksheet, values: list[Cell]) -> None:
    """A row; an amount is a number cell formatted in its currency (``#,##0.00 "EUR"``)."""
    sheet.append([v.amount if isinstance(v, Money) else _safe(v) for v in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, Money):
            cell.number_format = spreadsheet_money_format(value.currency)


def _sheet_title(heading: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", printable(heading))[:28].strip() or "Sheet"
    title, n = base, 2
    while title.casefold() in taken:
        title, n = f"{base} {n}", n + 1
    taken.add(title.casefold())
    return title


def build_xlsx(document: Document) -> bytes:
    """The document as XLSX bytes."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    taken: set[str] = set()
    summary.title = _sheet_title(document.title, taken)
    summary.append([_safe(document.title)])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([_safe(document.subtitle)])
    for section in document.sections:
        summary.append([])
        summary.append([_safe(section.heading)])
        for label, value in section.facts:
            summary.append([_safe(label), _safe(value)])
        for line in section.paragraphs + section.bullets:
            summary.append([_safe(line)])
        if section.table is not None:
            sheet = book.create_sheet(_sheet_title(section.heading, taken))
            _table(sheet, section.table.headers, section.table.rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(sheet: Worksheet, headers: list[str], rows: list[list[Cell]]) -> None:
    sheet.append([_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        _append(sheet, row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 4))
    sheet.freeze_panes = "A2"
