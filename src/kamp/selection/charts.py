"""Vega-Lite charts of the selection pages, built from plain rows (no ORM, no request)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kamp.core.charts import PALETTE, VEGA_LITE_SCHEMA


def portfolio_matrix(
    rows: list[dict[str, Any]],
    *,
    scale: int,
    attractiveness_threshold: float,
    strength_threshold: float,
    quadrant_labels: dict[str, str],
    x_title: str,
    y_title: str,
) -> dict[str, Any]:
    """The portfolio matrix as a bubble chart: x strength, y attractiveness, size revenue,
    colour segment; proposed accounts are solid. A click follows ``url`` (the drill-down).

    ``rows`` hold ``name``, ``strength``, ``attractiveness``, ``revenue``, ``segment``,
    ``quadrant`` (its label), ``tier``, ``selected`` (bool) and ``url``.
    """
    domain = [0, scale]
    x = {"field": "strength", "type": "quantitative", "title": x_title, "scale": {"domain": domain}}
    y = {
        "field": "attractiveness",
        "type": "quantitative",
        "title": y_title,
        "scale": {"domain": domain},
    }
    margin = scale * 0.02
    corners = [
        {
            "x": scale - margin,
            "y": scale - margin,
            "label": quadrant_labels["high_high"],
            "align": "right",
        },
        {"x": margin, "y": scale - margin, "label": quadrant_labels["high_low"], "align": "left"},
        {"x": scale - margin, "y": margin, "label": quadrant_labels["low_high"], "align": "right"},
        {"x": margin, "y": margin, "label": quadrant_labels["low_low"], "align": "left"},
    ]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": 440,
        "layer": [
            {
                "data": {"values": [{"x": strength_threshold}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#999"},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": {"domain": domain}}
                },
            },
            {
                "data": {"values": [{"y": attractiveness_threshold}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#999"},
                "encoding": {
                    "y": {"field": "y", "type": "quantitative", "scale": {"domain": domain}}
                },
            },
            *(
                {
                    "data": {"values": [corner]},
                    "mark": {
                        "type": "text",
                        "align": corner["align"],
                        "color": "#5b6475",
                        "fontWeight": "bold",
                    },
                    "encoding": {
                        "x": {"field": "x", "type": "quantitative", "scale": {"domain": domain}},
                        "y": {"field": "y", "type": "quantitative", "scale": {"domain": domain}},
                        "text": {"field": "label"},
                    },
                }
                for corner in corners
            ),
            {
                "data": {"values": rows},
                "mark": {
                    "type": "circle",
                    "cursor": "pointer",
                    "stroke": "#1d2433",
                    "strokeWidth": 0.5,
                },
                "encoding": {
                    "x": x,
                    "y": y,
                    "size": {
                        "field": "revenue",
                        "type": "quantitative",
                        "title": _("Revenue, last 12 months"),
                        "scale": {"range": [15, 900]},
                        "legend": {"format": "~s"},
                    },
                    "color": {
                        "field": "segment",
                        "type": "nominal",
                        "title": _("Segment"),
                        "scale": {"range": PALETTE},
                    },
                    "opacity": {
                        "field": "selected",
                        "type": "nominal",
                        "title": _("Proposed"),
                        "scale": {"domain": [True, False], "range": [0.9, 0.25]},
                        "legend": None,
                    },
                    "href": {"field": "url"},
                    "tooltip": [
                        {"field": "name", "title": _("Account")},
                        {"field": "quadrant", "title": _("Quadrant")},
                        {"field": "tier", "title": _("Tier")},
                        {"field": "attractiveness", "title": y_title, "format": ".2f"},
                        {"field": "strength", "title": x_title, "format": ".2f"},
                        {
                            "field": "revenue",
                            "title": _("Revenue, last 12 months"),
                            "format": ",.0f",
                        },
                        {"field": "segment", "title": _("Segment")},
                    ],
                },
            },
        ],
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom", "columns": 4}},
    }


def coverage_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Grouped bars of coverage shares: ``rows`` hold ``measure``, ``choice`` and ``share``."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": 220,
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "measure", "type": "nominal", "title": None, "sort": None},
            "yOffset": {"field": "choice", "sort": None},
            "x": {
                "field": "share",
                "type": "quantitative",
                "title": _("Share covered"),
                "axis": {"format": "%"},
            },
            "color": {
                "field": "choice",
                "type": "nominal",
                "title": None,
                "scale": {"range": PALETTE},
                "sort": None,
            },
            "tooltip": [
                {"field": "choice", "title": _("Selection")},
                {"field": "measure", "title": _("Measure")},
                {"field": "share", "title": _("Share"), "format": ".1%"},
            ],
        },
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom"}},
    }
