"""Vega-Lite pictures of casting, built from plain rows (see :mod:`kamp.core.charts`).

*Required vs attained per person* is drawn as a **dumbbell** chart, not a radar: Vega-Lite has
no polar line mark, so a radar needs hand-computed x/y coordinates whose axes cannot be read,
and a theta/radius arc chart shows areas that exaggerate differences. One row per competency
with the required level, the attained level and the gap between them reads exactly.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kamp.core.charts import PALETTE, VEGA_LITE_SCHEMA


def dumbbell(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Required vs attained per competency; ``rows`` hold ``competency``, ``required``,
    ``attained`` and ``critical``."""
    points = [
        {"competency": r["competency"], "what": what, "level": r[key], "critical": r["critical"]}
        for r in rows
        for key, what in (("required", _("Required")), ("attained", _("Attained")))
    ]
    y = {"field": "competency", "type": "nominal", "title": None, "sort": None}
    x = {
        "field": "level",
        "type": "quantitative",
        "title": _("Level"),
        "scale": {"domain": [0, 5]},
        "axis": {"tickMinStep": 1},
    }
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": {"step": 26},
        "data": {"values": points},
        "layer": [
            {
                "mark": {"type": "line", "color": "#999999"},
                "encoding": {"y": y, "x": x, "detail": {"field": "competency"}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 90, "tooltip": True},
                "encoding": {
                    "y": y,
                    "x": x,
                    "color": {
                        "field": "what",
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": [PALETTE[0], PALETTE[1]]},
                    },
                    "shape": {"field": "what", "type": "nominal", "title": None},
                },
            },
        ],
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom"}},
    }


def gap_heatmap(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The team's gaps: one cell per person and competency; ``rows`` hold ``person``,
    ``competency`` and ``gap`` (attained − required)."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": {"step": 28},
        "data": {"values": rows},
        "encoding": {
            "x": {"field": "competency", "type": "nominal", "title": None, "sort": None},
            "y": {"field": "person", "type": "nominal", "title": None},
        },
        "layer": [
            {
                "mark": {"type": "rect", "tooltip": True},
                "encoding": {
                    "color": {
                        "field": "gap",
                        "type": "quantitative",
                        "title": _("Gap"),
                        "scale": {"scheme": "redblue", "domain": [-3, 3]},
                    }
                },
            },
            {"mark": {"type": "text"}, "encoding": {"text": {"field": "gap"}}},
        ],
        "config": {"view": {"stroke": None}, "axis": {"labelAngle": -30}},
    }
