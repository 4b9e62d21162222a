"""Template filters of the selection pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value: Any, places: int = 1) -> str:
    """A share (0.123) as a percentage ("12.3 %"); a dash when there is none."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(float(value) * 100, places)} %"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (``None`` when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def tier_label(tier: str) -> str:
    """Gold, Silver or Bronze, translated."""
    from kamp.accounts.models import KeyAccount

    return str(dict(KeyAccount.Tier.choices).get(tier, tier))
