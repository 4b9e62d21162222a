"""Template tags shared by every app."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The characters that could end a <script> element or open a comment, as JSON escapes.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def chart(spec: dict[str, Any], element_id: str, label: str = "") -> SafeString:
    """A chart's container and its Vega-Lite spec as inert JSON; ``charts.js`` renders it."""
    payload = json.dumps(spec, cls=DjangoJSONEncoder).translate(_SCRIPT_SAFE)
    return format_html(
        '<div id="{}" class="chart" role="img" aria-label="{}"></div>'
        '<script type="application/json" data-chart="{}">{}</script>',
        element_id,
        label,
        element_id,
        mark_safe(payload),  # noqa: S308 - escaped above, as django.utils.html.json_script does
    )
