"""Documents as Word: headings, facts, paragraphs, bullets, tables and chart images."""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING, Any

from docx import Document as WordDocument
from docx.shared import Inches

from kamp.core.spreadsheets import printable
from kamp.documents.charts import to_png

if TYPE_CHECKING:
    from kamp.documents.content import Cell, Document, Section


def build_docx(document: Document) -> bytes:
    """The document as DOCX bytes."""
    document = _printable(document)
    word: Any = WordDocument()
    word.core_properties.title = document.title
    word.core_properties.language = document.language
    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle)
    for section in document.sections:
        _section(word, section)
    if document.footer:
        word.add_paragraph(document.footer)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _section(word: Any, section: Section) -> None:
    word.add_heading(section.heading, level=1)
    if section.facts:
        _table(word, [], [[label, value] for label, value in section.facts])
    for paragraph in section.paragraphs:
        word.add_paragraph(paragraph)
    for bullet in section.bullets:
        word.add_paragraph(bullet, style="List Bullet")
    if section.table is not None:
        _table(word, section.table.headers, section.table.rows)
    if section.chart is not None:
        word.add_picture(io.BytesIO(to_png(section.chart.spec)), width=Inches(6.3))


def _table(word: Any, headers: list[str], rows: list[list[Cell]]) -> None:
    columns = len(headers) or (len(rows[0]) if rows else 1)
    table = word.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    if headers:
        cells = table.add_row().cells
        for cell, header in zip(cells, headers, strict=True):
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "—" if value is None else str(value)


def _printable(document: Document) -> Document:
    """The document without control characters, which Word's XML cannot hold."""

    def text(value: Cell) -> Cell:
        return printable(value) if isinstance(value, str) else value

    def section(s: Section) -> Section:
        table = s.table and dataclasses.replace(
            s.table,
            headers=[printable(h) for h in s.table.headers],
            rows=[[text(v) for v in row] for row in s.table.rows],
        )
        return dataclasses.replace(
            s,
            heading=printable(s.heading),
            facts=[(printable(k), printable(v)) for k, v in s.facts],
            paragraphs=[printable(p) for p in s.paragraphs],
            bullets=[printable(b) for b in s.bullets],
            table=table,
        )

    return dataclasses.replace(
        document,
        title=printable(document.title),
        subtitle=printable(document.subtitle),
        footer=printable(document.footer),
        sections=[section(s) for s in document.sections],
    )
