"""Competency frameworks shipped with kamp, as TOML files (loaded by
:func:`kamp.casting.services.framework_install_preset`)."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

#: Preset key -> file name; ``halifax`` (the method's casting profile) is the default.
PRESETS = {
    "halifax": "halifax.toml",
    "akam": "akam.toml",
    "mcdonald_woodburn": "mcdonald_woodburn.toml",
}
DEFAULT_PRESET = "halifax"


def preset_text(key: str) -> str:
    """The TOML text of a preset."""
    return resources.files(__package__).joinpath(PRESETS[key]).read_text(encoding="utf-8")


def preset(key: str) -> dict[str, Any]:
    """A preset as a dictionary (``name``, ``description``, ``[[competencies]]``)."""
    return tomllib.loads(preset_text(key))
