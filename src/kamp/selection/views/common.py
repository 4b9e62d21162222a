"""What the selection pages share: the view check, the page context and the reasons' words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext_lazy

from kamp.selection.permissions import can

if TYPE_CHECKING:
    from kamp.users.http import AuthenticatedHttpRequest

#: Why an account is in or out, for people (the API and the CLI give the codes).
REASONS = {
    "include": gettext_lazy("Included by decision"),
    "exclude": gettext_lazy("Excluded by decision"),
    "optimal": gettext_lazy("Proposed: part of the most valuable selection within capacity"),
    "capacity": gettext_lazy(
        "Left out: the KAMs' capacity goes to accounts worth more for the load they take"
    ),
    "limit": gettext_lazy("Left out: the maximum for one of its groups is reached"),
    "no_value": gettext_lazy("Left out: no value (its scores are worth less than its penalty)"),
    "no_data": gettext_lazy(
        "Left out: not enough data to score it (too little of the model's weight has evidence)"
    ),
}
#: The same, in a word or two, for tables (the full reason is the cell's title).
SHORT_REASONS = {
    "include": gettext_lazy("Included by decision"),
    "exclude": gettext_lazy("Excluded by decision"),
    "optimal": gettext_lazy("Most value within capacity"),
    "capacity": gettext_lazy("Out: capacity"),
    "limit": gettext_lazy("Out: group maximum"),
    "no_value": gettext_lazy("Out: no value"),
    "no_data": gettext_lazy("Out: not enough data"),
}


def require_view(request: AuthenticatedHttpRequest) -> None:
    """404 for whoever may not see selection (as ``get_*_for`` does)."""
    if not can(request.user, "view"):
        raise Http404


def page_context(request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    """A page's context: whether the reader may change and validate, and ``extra``."""
    return {
        "can_change": can(request.user, "change"),
        "can_validate": can(request.user, "validate"),
        **extra,
    }
