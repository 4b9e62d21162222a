"""Render the web pages' Vega-Lite specs to SVG or PNG for documents (vl-convert, no browser)."""

from __future__ import annotations

import copy
from typing import Any

import vl_convert as vlc

#: Pages let charts fill their container; a document needs a fixed size.
WIDTH = 560
HEIGHT = 260


def _fixed(spec: dict[str, Any]) -> dict[str, Any]:
    fixed = copy.deepcopy(spec)
    if fixed.get("width") in (None, "container"):
        fixed["width"] = WIDTH
    if fixed.get("height") in (None, "container"):
        fixed["height"] = HEIGHT
    fixed.setdefault("background", "white")
    return fixed


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document."""
    svg: str = vlc.vegalite_to_svg(_fixed(spec))
    return svg


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The chart as a PNG image (``scale`` 2 for print sharpness)."""
    png: bytes = vlc.vegalite_to_png(_fixed(spec), scale=scale)
    return png
