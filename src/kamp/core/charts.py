"""Vega-Lite chart specifications, built once in Python.

The same dictionaries are embedded in web pages (rendered by vega-embed) and, for documents,
rendered to SVG or PNG by vl-convert. Builders take plain rows and translated labels; they never
touch the ORM or the request.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"

#: A palette that stays distinguishable for the common forms of colour blindness (Okabe-Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]


def stacked_bars_by_year(
    rows: list[dict[str, Any]],
    *,
    measure: str = "revenue",
    measure_title: str | None = None,
    series: str = "product_line",
    series_title: str | None = None,
    year: str = "year_label",
) -> dict[str, Any]:
    """Bars of ``measure`` per year, stacked by ``series``; ``rows`` hold ``year`` and both keys.

    ``year`` names the field shown on the axis (a label such as "2026 (Jan–Oct)" by default).
    """
    measure_title = measure_title or _("Revenue")
    series_title = series_title or _("Product line")
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": 260,
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": year,
                "type": "ordinal",
                "title": _("Year"),
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": measure,
                "type": "quantitative",
                "aggregate": "sum",
                "title": measure_title,
                "axis": {"format": "~s"},
            },
            "color": {
                "field": series,
                "type": "nominal",
                "title": series_title,
                "scale": {"range": PALETTE},
            },
            "tooltip": [
                {"field": year, "type": "ordinal", "title": _("Year")},
                {"field": series, "type": "nominal", "title": series_title},
                {
                    "field": measure,
                    "type": "quantitative",
                    "title": measure_title,
                    "format": ",.0f",
                },
            ],
        },
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom", "columns": 4}},
    }
