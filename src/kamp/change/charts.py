"""Vega-Lite specifications of the change pages, built from plain rows (see kamp.core.charts)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kamp.core.charts import PALETTE, VEGA_LITE_SCHEMA


def adoption_trend(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Lines of each adoption signal by month; ``rows`` hold ``month``, ``signal``, ``count``."""
    month, signal, count = _("Month"), _("Signal"), _("Count")
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": 240,
        "data": {"values": rows},
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": month},
            "y": {"field": "count", "type": "quantitative", "title": count},
            "color": {
                "field": "signal",
                "type": "nominal",
                "title": signal,
                "scale": {"range": PALETTE},
            },
            "tooltip": [
                {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": month},
                {"field": "signal", "type": "nominal", "title": signal},
                {"field": "count", "type": "quantitative", "title": count},
            ],
        },
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom", "columns": 3}},
    }


def maturity_profile(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars of each dimension's level with a tick at its target; rows hold ``dimension``,
    ``level`` and ``target``."""
    level, target = _("Level"), _("Target")
    scale = {"domain": [0, 4]}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": {"step": 22},
        "data": {"values": rows},
        "encoding": {"y": {"field": "dimension", "type": "nominal", "sort": None, "title": None}},
        "layer": [
            {
                "mark": {"type": "bar", "color": PALETTE[0], "tooltip": True},
                "encoding": {
                    "x": {"field": "level", "type": "quantitative", "title": level, "scale": scale}
                },
            },
            {
                "mark": {"type": "tick", "color": PALETTE[5], "thickness": 3},
                "encoding": {"x": {"field": "target", "type": "quantitative", "title": target}},
            },
        ],
        "config": {"view": {"stroke": None}},
    }
