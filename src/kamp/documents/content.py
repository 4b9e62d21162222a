"""What a document says, as plain data: every builder renders this one shape.

The assemblers (:mod:`kamp.documents.assemblers`) read the database, with the reader's
permissions and in the reader's language, and return a :class:`Document`; the builders
(:mod:`kamp.documents.builders`) turn it into PDF, PPTX, DOCX or XLSX bytes without touching the
ORM. Every label is already translated when it gets here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kamp.core.formatting import DEFAULT_CURRENCY

if TYPE_CHECKING:
    from decimal import Decimal


@dataclass(frozen=True)
class Money:
    """An amount in a table: ``text`` is how the reader's language writes it with its currency
    (what PDF, PPTX and DOCX show); XLSX writes ``amount`` as a number in ``currency``."""

    amount: Decimal
    currency: str
    text: str

    def __str__(self) -> str:
        return self.text


type Cell = str | int | float | dt.date | Money | None


@dataclass(frozen=True)
class Table:
    """A table: column headers and rows of plain values."""

    headers: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Chart:
    """A chart: the Vega-Lite spec the web pages use, and its data for native charts.

    When ``categories`` and ``series`` are given, PowerPoint gets an editable bar chart;
    otherwise (and in every other format) the spec is rendered to an image.
    """

    title: str
    spec: dict[str, Any]
    categories: list[str] = field(default_factory=list)
    series: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """A part of a document: a heading with facts, paragraphs, bullets, a table, a chart."""

    heading: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None


@dataclass(frozen=True)
class Document:
    """A whole document: title, subtitle (who and when), sections, its language, and the
    currency its amounts are in (the company's, read by the assembler)."""

    title: str
    subtitle: str
    language: str
    sections: list[Section]
    footer: str = ""
    currency: str = DEFAULT_CURRENCY

    def text(self) -> str:
        """Every word of the document, for tests and search."""
        parts = [self.title, self.subtitle, self.footer]
        for s in self.sections:
            parts += [s.heading, *(f"{k} {v}" for k, v in s.facts), *s.paragraphs, *s.bullets]
            if s.table:
                parts += s.table.headers + [str(c) for r in s.table.rows for c in r]
        return "\n".join(parts)
