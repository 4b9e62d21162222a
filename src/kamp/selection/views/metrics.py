"""The account metrics page: every customer group with its metrics from the sales data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import render

from kamp.organisation.selectors import company_currency
from kamp.selection import selectors
from kamp.selection.labels import METRIC_LABELS, metric_display
from kamp.selection.views.common import page_context, require_view

if TYPE_CHECKING:
    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest

#: Columns of the account metrics page, sortable (biggest first for numbers).
METRIC_COLUMNS = (
    "revenue_12m",
    "revenue_growth_yoy",
    "revenue_cagr_3y",
    "margin_pct",
    "product_lines",
    "countries",
    "recency_months",
    "frequency_12m",
    "share_of_wallet",
    "abc",
)


def account_metrics(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every customer group with its metrics from the sales data, sortable and by segment."""
    require_view(request)
    prepared, as_of = selectors.prepared_accounts()
    segment = request.GET.get("segment", "")
    sort = request.GET.get("sort", "revenue_12m")
    sort = sort if sort in (*METRIC_COLUMNS, "name") else "revenue_12m"
    rows = selectors.metrics_rows(prepared, segment=segment, sort=sort)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    currency = company_currency(request)
    context = page_context(
        request,
        page_obj=page,
        as_of=as_of,
        sort=sort,
        segment=segment,
        segments=selectors.segment_names(),
        columns=[(key, METRIC_LABELS[key]) for key in METRIC_COLUMNS],
        rows=[
            (row, [metric_display(key, row[key], currency) for key in METRIC_COLUMNS])
            for row in page.object_list
        ],
    )
    template = "selection/_metrics_table.html" if request.htmx else "selection/metrics.html"
    return render(request, template, context)
