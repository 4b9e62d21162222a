"""Template tags shared by every app.

Money, numbers and dates go through :mod:`kamp.core.formatting`, in the active language:

* ``{% money amount %}`` shows an amount in the company's currency with its minor units
  (``€1,234,567.50``, ``1.234.567,50 €``, ``1 234 567,50 €``); ``{% money amount 0 %}`` rounds
  to whole units; ``{% money amount 0 as shown %}`` keeps the text for a ``blocktranslate``.
  A tag rather than a filter because it reads ``currency`` from the template context, which the
  ``kamp.organisation.context_processors.company`` context processor puts into every page (a
  context without it shows :data:`~kamp.core.formatting.DEFAULT_CURRENCY`).
* ``{{ day|day }}`` a date (``May 12, 2026``, ``12 may 2026``), ``{{ moment|when }}`` a date and
  time in the current time zone (``12 may 2026, 15:04``): never ISO-only nor US numeric dates.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from kamp.core import formatting

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


@register.simple_tag(takes_context=True)
def money(
    context: template.Context, amount: Decimal | int | None, places: int | None = None
) -> str:
    """``amount`` in the company's currency (``context["currency"]``), in the active language."""
    currency = context.get("currency") or formatting.DEFAULT_CURRENCY
    if amount in (None, ""):
        return "—"
    return formatting.money(Decimal(str(amount)), str(currency), places=places)


@register.filter
def day(value: dt.date | None) -> str:
    """A date as the reader writes it: ``May 12, 2026`` (en), ``12 may 2026`` (es)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formatting.date(value) if value else "—"


@register.filter
def when(value: dt.datetime | None) -> str:
    """A moment in the current time zone: ``May 12, 2026, 3:04 PM``, ``12 may 2026, 15:04``."""
    return formatting.date_time(value) if value else "—"
