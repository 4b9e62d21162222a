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


@register.filter
def rule_text(rule: dict[str, Any]) -> str:
    """A segment rule as people read it: "Industry is Chemicals or Pharma", "Revenue ≥ 1,000"."""
    from django.utils.translation import gettext as _

    from kamp.selection.labels import METRIC_LABELS

    field = str(rule.get("field", ""))
    names = {
        "industry": _("Industry"),
        "country": _("Country"),
        "size": _("Size"),
        "business_unit": _("Business unit"),
        "product_line": _("Product line bought"),
    }
    if field.startswith("attribute:"):
        name = field.removeprefix("attribute:")
    else:
        name = str(names.get(field) or METRIC_LABELS.get(field, field))
    values = rule.get("values")
    op = rule.get("op")
    if op in ("gte", "lte"):
        sign = "≥" if op == "gte" else "≤"
        return f"{name} {sign} {floatformat(values, -2)}"
    listed = _(" or ").join(str(v) for v in values) if isinstance(values, list) else str(values)
    if op == "not_in":
        return _("%(name)s is not %(values)s") % {"name": name, "values": listed}
    return _("%(name)s is %(values)s") % {"name": name, "values": listed}
