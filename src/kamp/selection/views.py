"""Pages of segmentation and selection: segments, scoring models, runs, the portfolio matrix,
the comparison with the top N, coverage, drill-down to each account, and validation.

Views are thin: they fetch with ``get_*_for`` (404 for whoever may not see selection, 403 for
whoever may see but not change or validate), read with selectors and write with services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kamp.core.forms import add_service_errors
from kamp.customers.selectors import industries
from kamp.organisation.selectors import company_currency
from kamp.selection import selectors, services
from kamp.selection.charts import coverage_bars, portfolio_matrix
from kamp.selection.forms import (
    DecisionForm,
    ManualScoresForm,
    RunForm,
    ScoringModelForm,
    ScoringModelImportForm,
    SegmentForm,
)
from kamp.selection.labels import METRIC_LABELS, metric_display
from kamp.selection.metrics import METRICS
from kamp.selection.models import ManualScore, ScoringModel, Segment, SelectionRun
from kamp.selection.permissions import (
    can,
    get_result_for,
    get_run_for,
    get_scoring_model_for,
    get_segment_for,
)
from kamp.selection.presets import PRESETS, preset_text
from kamp.selection.scoring import explain

if TYPE_CHECKING:
    from uuid import UUID

    from kamp.selection.models import SelectionResult
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
    "no_value": gettext_lazy("Left out: no value (no attractiveness or no potential)"),
}
#: The same, in a word or two, for tables (the full reason is the cell's title).
SHORT_REASONS = {
    "include": gettext_lazy("Included by decision"),
    "exclude": gettext_lazy("Excluded by decision"),
    "optimal": gettext_lazy("Most value within capacity"),
    "capacity": gettext_lazy("Out: capacity"),
    "limit": gettext_lazy("Out: group maximum"),
    "no_value": gettext_lazy("Out: no value"),
}
PRESET_LABELS = {
    "mcdonald": gettext_lazy("McDonald: attractiveness x relative strength"),
    "fiocca": gettext_lazy("Fiocca step 1: strategic importance x difficulty"),
    "simple": gettext_lazy("Simple: revenue, growth and margin"),
}


def _require_view(request: AuthenticatedHttpRequest) -> None:
    if not can(request.user, "view"):
        raise Http404


def _context(request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "can_change": can(request.user, "change"),
        "can_validate": can(request.user, "validate"),
        **extra,
    }


# -- Overview and segments ---------------------------------------------------------------------


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the programme director starts: the steps, the latest runs and models."""
    _require_view(request)
    context = _context(
        request,
        segments=Segment.objects.count(),
        models=ScoringModel.objects.latest_versions().order_by("name"),
        runs=SelectionRun.objects.select_related("model")[:5],
        scores=ManualScore.objects.count(),
    )
    return render(request, "selection/overview.html", context)


def segment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Segments with their customers, revenue, margin, growth and fit (computed live)."""
    _require_view(request)
    prepared, as_of = selectors.prepared_accounts()
    rows = selectors.segment_overview(prepared)
    return render(request, "selection/segment_list.html", _context(request, rows=rows, as_of=as_of))


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
    _require_view(request)
    prepared, as_of = selectors.prepared_accounts()
    segment = request.GET.get("segment", "")
    sort = request.GET.get("sort", "revenue_12m")
    sort = sort if sort in (*METRIC_COLUMNS, "name") else "revenue_12m"
    rows = selectors.metrics_rows(prepared, segment=segment, sort=sort)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    context = _context(
        request,
        page_obj=page,
        as_of=as_of,
        sort=sort,
        segment=segment,
        segments=Segment.objects.order_by("position", "name").values_list("name", flat=True),
        columns=[(key, METRIC_LABELS[key]) for key in METRIC_COLUMNS],
        rows=[
            (
                row,
                [
                    metric_display(key, row[key], company_currency(request))
                    for key in METRIC_COLUMNS
                ],
            )
            for row in page.object_list
        ],
    )
    template = "selection/_metrics_table.html" if request.htmx else "selection/metrics.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def segment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_view(request)
    if not can(request.user, "change"):
        raise PermissionDenied
    return _segment_form(request, None)


@require_http_methods(["GET", "POST"])
def segment_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    return _segment_form(request, get_segment_for(request.user, public_id, "change"))


def _segment_form(request: AuthenticatedHttpRequest, segment: Segment | None) -> HttpResponse:
    form = SegmentForm(
        request.POST or None, industries=industries(actor=request.user), segment=segment
    )
    if request.method == "POST" and form.is_valid():
        try:
            if segment is None:
                services.segment_create(actor=request.user, **form.to_fields())
            else:
                services.segment_update(actor=request.user, segment=segment, **form.to_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Segment saved."))
            return redirect("selection:segment-list")
    return render(request, "selection/segment_form.html", {"form": form, "segment": segment})


@require_http_methods(["GET", "POST"])
def segment_delete(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    segment = get_segment_for(request.user, public_id, "change")
    if request.method == "POST":
        services.segment_delete(actor=request.user, segment=segment)
        messages.success(request, _("Segment removed."))
        return redirect("selection:segment-list")
    return render(request, "selection/segment_confirm_delete.html", {"segment": segment})


# -- Scoring models ----------------------------------------------------------------------------


def model_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every version of every model, newest first within a name, and the presets."""
    _require_view(request)
    models = selectors.scoring_model_versions()
    presets = [(key, PRESET_LABELS[key]) for key in PRESETS]
    context = _context(
        request, models=models, presets=presets, import_form=ScoringModelImportForm()
    )
    return render(request, "selection/model_list.html", context)


def model_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A model version as a tree: axes, groups and criteria with their weights."""
    model = get_scoring_model_for(request.user, public_id)
    versions = ScoringModel.objects.filter(name=model.name).order_by("-version")
    context = _context(request, model=model, spec=model.spec, versions=versions)
    return render(request, "selection/model_detail.html", context)


@require_http_methods(["GET", "POST"])
def model_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new model (or a new version) from TOML text, starting from a preset if asked."""
    _require_view(request)
    if not can(request.user, "change"):
        raise PermissionDenied
    key = request.GET.get("preset", "simple")
    initial = {"toml": preset_text(key if key in PRESETS else "simple")}
    return _model_form(request, ScoringModelForm(request.POST or None, initial=initial), None)


@require_http_methods(["GET", "POST"])
def model_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Edit a model's TOML; saving adds a version and leaves this one as it was."""
    model = get_scoring_model_for(request.user, public_id, "change")
    form = ScoringModelForm(request.POST or None, initial={"toml": model.toml()})
    return _model_form(request, form, model)


def _model_form(
    request: AuthenticatedHttpRequest, form: ScoringModelForm, model: ScoringModel | None
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.scoring_model_save(
                actor=request.user,
                definition=form.cleaned_data["toml"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            if hasattr(error, "error_dict") and "definition" in error.error_dict:
                form.add_error("toml", error.error_dict["definition"])
        else:
            messages.success(request, _("Saved as version %(v)s.") % {"v": saved.version})
            return redirect(saved)
    metrics = {k: v for k, v in METRIC_LABELS.items() if k in METRICS}
    context = {"form": form, "model": model, "metrics": metrics}
    return render(request, "selection/model_form.html", context)


@require_POST
def model_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import a TOML file as a model (or a new version of it)."""
    _require_view(request)
    form = ScoringModelImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a TOML file."))
        return redirect("selection:model-list")
    try:
        text = form.cleaned_data["file"].read().decode("utf-8")
        model = services.scoring_model_import(actor=request.user, text=text)
    except (ValidationError, UnicodeDecodeError) as error:
        problems = error.messages if isinstance(error, ValidationError) else [str(error)]
        messages.error(request, " ".join(problems))
        return redirect("selection:model-list")
    messages.success(request, _("Imported %(model)s.") % {"model": model})
    return redirect(model)


def model_export(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The model version as a TOML file."""
    model = get_scoring_model_for(request.user, public_id)
    response = HttpResponse(model.toml(), content_type="application/toml; charset=utf-8")
    filename = f"{model.name}-v{model.version}.toml".replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def model_preset(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Add a preset model (or open it if it is there)."""
    _require_view(request)
    if key not in PRESETS:
        raise Http404
    model = services.scoring_model_install_preset(actor=request.user, key=key)
    return redirect(model)


@require_http_methods(["GET", "POST"])
def manual_scores(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload the scoring team's scores; list how many there are per criterion."""
    _require_view(request)
    form = ManualScoresForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can(request.user, "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8")
                count = services.manual_scores_import(
                    actor=request.user, text=text, scale=form.cleaned_data["scale"]
                )
            except (ValidationError, UnicodeDecodeError) as error:
                problems = error.messages if isinstance(error, ValidationError) else [str(error)]
                form.add_error(None, problems)
            else:
                messages.success(request, _("%(n)s scores stored.") % {"n": count})
                return redirect("selection:manual-scores")
    counts = selectors.manual_score_counts()
    return render(
        request, "selection/manual_scores.html", _context(request, form=form, counts=counts)
    )


# -- Runs --------------------------------------------------------------------------------------


def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_view(request)
    runs = SelectionRun.objects.select_related("model", "created_by")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    return render(request, "selection/run_list.html", _context(request, page_obj=page))


@require_http_methods(["GET", "POST"])
def run_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose a model and the constraints; the run is computed and saved as a draft."""
    _require_view(request)
    if not can(request.user, "change"):
        raise PermissionDenied
    newest = ScoringModel.objects.order_by("-created_at").first()
    form = RunForm(request.POST or None, initial={"model": newest})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.selection_run_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                model=form.cleaned_data["model"],
                parameters=form.parameters(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Selection computed."))
            return redirect(run)
    return render(request, "selection/run_form.html", {"form": form})


def _matrix(run: SelectionRun, results: list[SelectionResult]) -> dict[str, Any]:
    spec = run.model.spec
    labels = {q.key: q.label for q in spec.matrix.quadrants}
    rows = [
        {
            "name": r.account.name,
            "strength": round(r.strength, 3),
            "attractiveness": round(r.attractiveness, 3),
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
    context = _context(
        request,
        run=run,
        matrix=_matrix(run, results),
        coverage_chart=_coverage_chart(run.summary),
        proposed=[r for r in results if r.selected],
        naive=[r for r in results if r.top_n],
        pending=sum(1 for r in results if r.selected and not hasattr(r, "validation")),
        other_runs=SelectionRun.objects.exclude(pk=run.pk).order_by("-created_at")[:20],
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
    context = _context(request, run=run, **_results_context(request, run))
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
    context = _context(
        request, older=older, newer=newer, moves=moves, reasons=REASONS, sections=sections
    )
    return render(request, "selection/run_compare.html", context)


# -- One account in a run ------------------------------------------------------------------------


def result_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Why an account is where it is: every criterion's score and contribution, its metrics,
    its place in the matrix and the steering committee's decision."""
    result = get_result_for(request.user, public_id)
    spec = result.run.model.spec
    row = {f"score__{k}": v["score"] for k, v in result.contributions.items()}
    row |= {f"contribution__{k}": v["contribution"] for k, v in result.contributions.items()}
    row |= {f"manual__{k}": v["value"] for k, v in result.contributions.items()}
    row |= result.metrics
    lines = explain(row, spec)
    for line in lines:  # criteria without a label of their own: the metric's, translated
        if line["metric"] and line["label"] == METRICS.get(line["metric"]):
            line["label"] = METRIC_LABELS.get(line["metric"], line["label"])
    context = _context(
        request,
        result=result,
        run=result.run,
        spec=spec,
        lines=lines,
        axes=[(a, [x for x in lines if x["axis"] == a.key]) for a in spec.axes],
        quadrant=spec.matrix.quadrant(result.quadrant),
        reason=REASONS.get(result.reason, result.reason),
        metrics=[
            (label, metric_display(key, result.metrics.get(key), company_currency(request)))
            for key, label in METRIC_LABELS.items()
            if key in result.metrics
        ],
        form=DecisionForm(),
        decided=getattr(result, "validation", None),
    )
    return render(request, "selection/result_detail.html", context)


@require_POST
def result_decide(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Validate or reject a proposed account (the steering committee)."""
    result = get_result_for(request.user, public_id, "validate")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.validation_decide(
                actor=request.user,
                result=result,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, _("Choose a decision."))
    back_to_run = request.POST.get("next") == "run"
    return redirect(result.run if back_to_run else result)
