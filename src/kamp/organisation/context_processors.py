"""Template context of every page: the company's ``currency``, which ``{% money %}`` shows.

Registered in ``settings.TEMPLATES`` beside :func:`kamp.navigation.navigation`; lives here rather
than in ``kamp.core`` because core imports no app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamp.organisation.selectors import company_currency

if TYPE_CHECKING:
    from django.http import HttpRequest


def company(request: HttpRequest) -> dict[str, object]:
    """``currency``: the ISO 4217 code of the company's currency (read once per request)."""
    return {"currency": company_currency(request)}
