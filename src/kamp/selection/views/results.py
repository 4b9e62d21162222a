"""One account in a run: why it is where it is, and the steering committee's decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kamp.organisation.selectors import company_currency
from kamp.selection import services
from kamp.selection.forms import DecisionForm
from kamp.selection.labels import METRIC_LABELS, metric_display
from kamp.selection.metrics import METRICS
from kamp.selection.permissions import get_result_for
from kamp.selection.scoring import explain
from kamp.selection.views.common import REASONS, page_context

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


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
    context = page_context(
        request,
        result=result,
        run=result.run,
        spec=spec,
        lines=lines,
        axes=[(a, [x for x in lines if x["axis"] == a.key]) for a in spec.axes],
        quadrant=spec.matrix.quadrant(result.quadrant) if result.quadrant else None,
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
