"""Documents as PowerPoint: a title slide, then slides per section; editable bar charts."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from kamp.documents.charts import to_png

if TYPE_CHECKING:
    from kamp.documents.content import Cell, Chart, Document, Section

#: Table rows per slide; longer tables continue on the next slide.
ROWS_PER_SLIDE = 12
LEFT, TOP, WIDTH = Inches(0.5), Inches(1.3), Inches(12.3)
#: python-pptx's chart data class (untyped: called through ``Any``).
CHART_DATA: Any = CategoryChartData


def build_pptx(document: Document) -> bytes:
    """The document as PPTX bytes (16:9)."""
    deck: Any = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = document.title
    title.placeholders[1].text = document.subtitle
    for section in document.sections:
        _section(deck, section)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _slide(deck: Any, heading: str) -> Any:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = heading
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
    return slide


def _section(deck: Any, section: Section) -> None:
    lines = [f"{k}: {v}" for k, v in section.facts] + section.paragraphs + section.bullets
    if lines or not (section.table or section.chart):
        _text(_slide(deck, section.heading), lines)
    if section.table is not None:
        rows = section.table.rows or [[]]
        for start in range(0, len(rows), ROWS_PER_SLIDE):
            slide = _slide(deck, section.heading)
            _table(slide, section.table.headers, rows[start : start + ROWS_PER_SLIDE])
    if section.chart is not None:
        _chart(_slide(deck, section.chart.title or section.heading), section.chart)


def _text(slide: Any, lines: list[str]) -> None:
    box = slide.shapes.add_textbox(LEFT, TOP, WIDTH, Inches(5.6)).text_frame
    box.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = box.paragraphs[0] if index == 0 else box.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(16)


def _table(slide: Any, headers: list[str], rows: list[list[Cell]]) -> None:
    height = Emu(Inches(0.4) * (len(rows) + 1))
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), LEFT, TOP, WIDTH, height)
    table = shape.table
    for col, header in enumerate(headers):
        table.cell(0, col).text = header
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            table.cell(r, col).text = "—" if value is None else str(value)
    for cell in (table.cell(r, c) for r in range(len(rows) + 1) for c in range(len(headers))):
        cell.text_frame.paragraphs[0].font.size = Pt(12)


def _chart(slide: Any, chart: Chart) -> None:
    if chart.categories and chart.series:
        data = CHART_DATA()
        data.categories = chart.categories
        for name, values in chart.series.items():
            data.add_series(name, values)
        kind = (
            XL_CHART_TYPE.COLUMN_STACKED
            if len(chart.series) > 1
            else XL_CHART_TYPE.COLUMN_CLUSTERED
        )
        frame = slide.shapes.add_chart(kind, LEFT, TOP, WIDTH, Inches(5.6), data)
        frame.chart.has_legend = len(chart.series) > 1
        if frame.chart.has_legend:
            frame.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            frame.chart.legend.include_in_layout = False
        return
    slide.shapes.add_picture(io.BytesIO(to_png(chart.spec)), LEFT, TOP, height=Inches(5.6))
