"""Preset scoring models shipped with kamp, as TOML files in the documented format."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

#: Preset key -> file name.
PRESETS = {
    "mcdonald": "mcdonald.toml",
    "fiocca": "fiocca.toml",
    "simple": "simple.toml",
    "scoring_index": "scoring_index.toml",
}


def preset_text(key: str) -> str:
    """The TOML text of a preset."""
    return resources.files(__package__).joinpath(PRESETS[key]).read_text(encoding="utf-8")


def preset(key: str) -> dict[str, Any]:
    """A preset as the dictionary :func:`kamp.selection.scoring.parse_model` reads."""
    return tomllib.loads(preset_text(key))
