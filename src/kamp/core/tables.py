"""Helpers for sortable list pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class SortColumn:
    """A column header: its label, the link that sorts by it, and its current direction."""

    label: StrOrPromise
    url: str
    direction: str  # "ascending", "descending" or "" (the values of aria-sort)
    numeric: bool = False


def sort_columns(
    request: HttpRequest,
    current: str,
    columns: list[tuple[str, StrOrPromise]],
    *,
    numeric: frozenset[str] = frozenset(),
) -> list[SortColumn]:
    """Header links that keep the other query parameters, toggle direction, and reset the page.

    Numeric columns sort descending first (biggest first), text columns ascending.
    """
    result = []
    for key, label in columns:
        if current == key:
            direction, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            direction, target = "descending", key
        else:
            direction, target = "", f"-{key}" if key in numeric else key
        params = request.GET.copy()
        params["sort"] = target
        params.pop("page", None)
        result.append(
            SortColumn(label, f"?{params.urlencode()}", direction, numeric=key in numeric)
        )
    return result
