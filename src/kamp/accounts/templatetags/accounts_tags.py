"""Template helpers of the accounts pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def cell(cells: dict[tuple[str, str], Any], key: str) -> Any:
    """``cells|cell:"FR|PUMP"``: the matrix cell of a row and a column joined by ``|``."""
    row, _sep, column = key.partition("|")
    return cells.get((row, column))


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    """``mapping|get:key``."""
    return mapping.get(key)
