"""Pages of selection runs: the list, a new run, one run (matrix, coverage, results), its
submission and deletion, and the comparison of two runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.core.forms import call_service
from kamp.selection import selectors, services
from kamp.selection.charts import coverage_bars, portfolio_matrix
from kamp.selection.forms import RunForm
from kamp.selection.permissions import can, get_run_for
from kamp.selection.views.common import REASONS, SHORT_REASONS, page_context, require_view

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.selection.models import SelectionResult, SelectionRun
    from kamp.users.http import AuthenticatedHttpRequest


def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_view(request)
    page = Paginator(selectors.run_list(), 25).get_page(request.GET.get("page"))
    return render(request, "selection/run_list.html", page_context(request, page_obj=page))


@require_http_methods(["GET", "POST"])
def run_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose a model and the constraints; the run is computed and saved as a draft."""
    require_view(request)
    if not can(request.user, "change"):
        raise PermissionDenied
    form = RunForm(request.POST or None, initial={"model": selectors.newest_scoring_model()})
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := call_service(
                form,
                lambda: services.selection_run_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    model=form.cleaned_data["model"],
                    parameters=form.parameters(),
                ),
            )
        )
    ):
        messages.success(request, _("Selection computed."))
        return redirect(done.value)
    return render(request, "selection/run_form.html", {"form": form})


def _matrix(run: SelectionRun, results: list[SelectionResult]) -> dict[str, Any] | None:
    """The portfolio matrix of the scored accounts (None for a ranking: one axis, no matrix)."""
    spec = run.model.spec
    if spec.is_ranking:
        return None
    results = [r for r in results if r.attractiveness is not None and r.strength is not None]
    labels = {q.key: q.label for q in spec.matrix.quadrants}
    rows = [
        {
            "name": r.account.name,
            "strength": round(r.strength or 0.0, 3),
            "attractiveness": round(r.attractiveness or 0.0, 3),
            "revenue": round(r.revenue_12m),
            "segment": r.segment or _("No segment"),
            "quadrant": labels.get(r.quadrant, r.quadrant),
            "tier": r.tier,
            "selected": r.selected,
            "url": reverse("selection:result-detail", args=[r.public_id]),
        }
        for r in results
    ]
    return portfolio_matrix(
        rows,
        scale=spec.scale,
        attractiveness_threshold=spec.matrix.attractiveness_threshold,
        strength_threshold=spec.matrix.strength_threshold,
        quadrant_labels=labels,
        x_title=spec.axis("strength").label or _("Relative strength"),
        y_title=spec.axis("attractiveness").label or _("Account attractiveness"),
    )


def _coverage_chart(summary: dict[str, Any]) -> dict[str, Any]:
    top = summary.get("top_n", {})
    reference = summary.get("reference", {})
    rows = []
    for key, label in (
        ("customers_share", _("Customers")),
        ("revenue_share", _("Revenue")),
        ("margin_share", _("Margin")),
    ):
        rows.append({"measure": label, "choice": _("Optimiser"), "share": summary.get(key) or 0})
        rows.append({"measure": label, "choice": _("Top N by revenue"), "share": top.get(key) or 0})
        ref = reference.get(key.removesuffix("_share"))
        if ref is not None:
            rows.append({"measure": label, "choice": _("Reference (Halifax)"), "share": ref})
    return coverage_bars(rows)


def run_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A run: the matrix, coverage against the top N and the reference, and the results."""
    run = get_run_for(request.user, public_id)
    results = list(selectors.run_results(run))
    context = page_context(
        request,
        run=run,
        matrix=_matrix(run, results),
        coverage_chart=_coverage_chart(run.summary),
        proposed=[r for r in results if r.selected],
        naive=[r for r in results if r.top_n],
        pending=sum(1 for r in results if r.selected and not hasattr(r, "validation")),
        other_runs=selectors.other_runs(run, 20),
        **_results_context(request, run),
    )
    return render(request, "selection/run_detail.html", context)


def _results_context(request: AuthenticatedHttpRequest, run: SelectionRun) -> dict[str, Any]:
    show = request.GET.get("show", "all")
    sort = request.GET.get("sort", "rank")
    qs = selectors.run_results(run, show=show, sort=sort)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "show": show,
        "sort": sort,
        "reasons": REASONS,
        "short_reasons": SHORT_REASONS,
        "quadrant_labels": {q.key: q.label for q in run.model.spec.matrix.quadrants},
        "show_choices": [
            ("all", _("All")),
            ("selected", _("Proposed")),
            ("top_n", _("Top N by revenue")),
            ("differences", _("In one list only")),
        ],
        "columns": [
            ("rank", _("Rank"), True),
            ("name", _("Account"), False),
            ("", _("Segment"), False),
            ("-attractiveness", _("Attractiveness"), True),
            ("-strength", _("Strength"), True),
            ("", _("Quadrant"), False),
            ("", _("Tier"), False),
            ("-revenue", _("Revenue, last 12 months"), True),
            ("", _("Selection"), False),
            ("", _("Steering committee"), False),
        ],
    }


def run_results(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The results table alone (htmx filters, sorting and pages)."""
    run = get_run_for(request.user, public_id)
    context = page_context(request, run=run, **_results_context(request, run))
    return render(request, "selection/_result_table.html", context)


@require_POST
def run_submit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    run = get_run_for(request.user, public_id, "change")
    try:
        services.selection_run_submit(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submitted to the steering committee."))
    return redirect(run)


@require_POST
def run_delete(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    run = get_run_for(request.user, public_id, "change")
    try:
        services.selection_run_delete(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(run)
    messages.success(request, _("Run deleted."))
    return redirect("selection:run-list")


def run_compare(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Who entered and who left the selection between another run and this one, and why."""
    run = get_run_for(request.user, public_id)
    other_id = request.GET.get("with")
    if not other_id:
        return redirect(run)
    other = get_run_for(request.user, other_id)
    older, newer = sorted([other, run], key=lambda r: (r.created_at, r.pk))
    moves = selectors.run_compare(older, newer)
    sections = [
        ("entered", _("Entered the selection")),
        ("left", _("Left the selection")),
        ("stayed", _("Stayed")),
    ]
    context = page_context(
        request, older=older, newer=newer, moves=moves, reasons=REASONS, sections=sections
    )
    return render(request, "selection/run_compare.html", context)
