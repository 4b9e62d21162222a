"""Pages of scoring models: versions, the tree of one, TOML editing, import, export, presets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kamp.core.forms import call_service
from kamp.selection import selectors, services
from kamp.selection.forms import ScoringModelForm, ScoringModelImportForm
from kamp.selection.labels import METRIC_LABELS
from kamp.selection.metrics import METRICS
from kamp.selection.permissions import can, get_scoring_model_for
from kamp.selection.presets import PRESETS, preset_text
from kamp.selection.views.common import page_context, require_view

if TYPE_CHECKING:
    from uuid import UUID

    from kamp.selection.models import ScoringModel
    from kamp.users.http import AuthenticatedHttpRequest

PRESET_LABELS = {
    "mcdonald": gettext_lazy("McDonald: attractiveness x relative strength"),
    "fiocca": gettext_lazy("Fiocca step 1: strategic importance x difficulty"),
    "simple": gettext_lazy("Simple: revenue, growth and margin"),
    "scoring_index": gettext_lazy("Account Scoring Index: points summed, classes A to D"),
}


def model_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every version of every model, newest first within a name, and the presets."""
    require_view(request)
    models = selectors.scoring_model_versions()
    presets = [(key, PRESET_LABELS[key]) for key in PRESETS]
    context = page_context(
        request, models=models, presets=presets, import_form=ScoringModelImportForm()
    )
    return render(request, "selection/model_list.html", context)


def model_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A model version as a tree: axes, groups and criteria with their weights."""
    model = get_scoring_model_for(request.user, public_id)
    versions = selectors.scoring_model_versions_of(model.name)
    context = page_context(request, model=model, spec=model.spec, versions=versions)
    return render(request, "selection/model_detail.html", context)


@require_http_methods(["GET", "POST"])
def model_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new model (or a new version) from TOML text, starting from a preset if asked."""
    require_view(request)
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


def _model_save(request: AuthenticatedHttpRequest, form: ScoringModelForm) -> ScoringModel:
    """Save the form's model; a problem in the definition is also shown on the TOML field."""
    try:
        return services.scoring_model_save(
            actor=request.user,
            definition=form.cleaned_data["toml"],
            notes=form.cleaned_data["notes"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "definition" in error.error_dict:
            form.add_error("toml", error.error_dict["definition"])
        raise


def _model_form(
    request: AuthenticatedHttpRequest, form: ScoringModelForm, model: ScoringModel | None
) -> HttpResponse:
    if (
        request.method == "POST"
        and form.is_valid()
        and (done := call_service(form, lambda: _model_save(request, form)))
    ):
        messages.success(request, _("Saved as version %(v)s.") % {"v": done.value.version})
        return redirect(done.value)
    metrics = {k: v for k, v in METRIC_LABELS.items() if k in METRICS}
    context = {"form": form, "model": model, "metrics": metrics}
    return render(request, "selection/model_form.html", context)


@require_POST
def model_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import a TOML file as a model (or a new version of it)."""
    require_view(request)
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
    require_view(request)
    if key not in PRESETS:
        raise Http404
    model = services.scoring_model_install_preset(actor=request.user, key=key)
    return redirect(model)
