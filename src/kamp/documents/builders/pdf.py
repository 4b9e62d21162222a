"""Documents as PDF: an HTML template rendered by WeasyPrint, charts as inline SVG."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from weasyprint import HTML

from kamp.documents.charts import to_svg

if TYPE_CHECKING:
    from kamp.documents.content import Document


def build_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    charts = {
        index: "data:image/svg+xml;base64,"
        + base64.b64encode(to_svg(section.chart.spec).encode()).decode()
        for index, section in enumerate(document.sections)
        if section.chart is not None
    }
    sections = [(section, charts.get(index)) for index, section in enumerate(document.sections)]
    html = render_to_string("documents/document.html", {"document": document, "sections": sections})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
