"""``{{ competency|localized:"name" }}``: casting content in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from kamp.casting.content import Translatable
from kamp.casting.content import localized as _localized

register = template.Library()


@register.filter
def localized(obj: Translatable, field: str) -> Any:
    """The field in the active language, English where no translation is given."""
    return _localized(obj, field)
