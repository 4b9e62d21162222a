"""Where the programme director starts: the steps, the latest runs and models."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render

from kamp.selection import selectors
from kamp.selection.views.common import page_context, require_view

if TYPE_CHECKING:
    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the programme director starts: the steps, the latest runs and models."""
    require_view(request)
    context = page_context(
        request,
        segments=selectors.segment_count(),
        models=selectors.latest_scoring_models(),
        runs=selectors.recent_runs(5),
        scores=selectors.manual_score_count(),
    )
    return render(request, "selection/overview.html", context)
