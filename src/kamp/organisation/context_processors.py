"""Template context of every page: the company's ``currency``, which ``{% money %}`` shows.

Registered in ``settings.TEMPLATES`` beside :func:`kamp.navigation.navigation`; lives here rather
than in ``kamp.core`` because core imports no app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.functional import lazy

from kamp.organisation.selectors import company_currency

if TYPE_CHECKING:
    from django.http import HttpRequest


def company(request: HttpRequest) -> dict[str, object]:
    """``currency``: the ISO 4217 code of the company's currency.

    Lazy: read (once per request) when a template first shows an amount, so pages without
    amounts cost no query.
    """
    return {"currency": lazy(company_currency, str)(request)}
