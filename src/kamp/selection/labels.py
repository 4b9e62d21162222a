"""Translated names of metrics, for pages (the pure modules keep plain English for the CLI)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kamp.core import formatting

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

METRIC_LABELS: dict[str, StrOrPromise] = {
    "revenue_12m": _("Revenue, last 12 months"),
    "margin_12m": _("Margin, last 12 months"),
    "margin_pct": _("Margin %, last 12 months"),
    "revenue_y1": _("Revenue, 12 months before"),
    "revenue_y2": _("Revenue, 24 months before"),
    "revenue_y3": _("Revenue, 36 months before"),
    "revenue_growth_yoy": _("Revenue growth, year on year"),
    "revenue_cagr_3y": _("Revenue growth, 3-year CAGR"),
    "product_lines": _("Product lines bought, last 12 months"),
    "countries": _("Countries served, last 12 months"),
    "recency_months": _("Months since the last sale"),
    "frequency_12m": _("Months with a sale, last 12 months"),
    "wallet": _("Wallet estimate (annual category spend)"),
    "share_of_wallet": _("Share of wallet"),
    "white_space": _("White space (wallet minus revenue)"),
    "potential": _("Potential (wallet, else revenue)"),
    "companies": _("Companies in the group"),
    "segment_fit": _("Value-proposition fit of its segments"),
    "abc": _("ABC class by revenue"),
}
#: Metrics that are shares (0.12 means 12 %).
SHARES = frozenset({"revenue_growth_yoy", "revenue_cagr_3y", "share_of_wallet"})
MONEY = frozenset(
    {
        "revenue_12m",
        "margin_12m",
        "revenue_y1",
        "revenue_y2",
        "revenue_y3",
        "wallet",
        "white_space",
        "potential",
    }
)


def metric_display(key: str, value: Any, currency: str | None = None) -> str:
    """A metric's value as people read it: money rounded (with ``currency`` when given), shares
    and margin in %."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if key in SHARES:
        return f"{number_format(value * 100, 1, use_l10n=True)} %"
    if key == "margin_pct":
        return f"{number_format(value, 1, use_l10n=True)} %"
    if key in MONEY and currency:
        return formatting.money(Decimal(str(round(value, 2))), currency, places=0)
    if key in MONEY:
        return number_format(round(value), 0, use_l10n=True, force_grouping=True)
    return number_format(value, 0 if float(value).is_integer() else 2, use_l10n=True)
