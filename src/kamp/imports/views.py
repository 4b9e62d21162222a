"""Import pages: upload, preview and mapping, progress, report, problems as CSV, undo; exports.

Thin views: reads through selectors, writes through services, runs started by
:func:`~kamp.imports.tasks.start_import` (in the request for a small file, else in the worker).
Only programme directors and staff reach them (``require_importer``: 403 or 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamp.core.forms import call_service
from kamp.imports import selectors, services
from kamp.imports.exports import to_csv, to_xlsx
from kamp.imports.forms import MappingForm, UploadForm
from kamp.imports.mapping import mapping_to_toml
from kamp.imports.models import ImportRun
from kamp.imports.permissions import get_import_run_for, require_importer
from kamp.imports.tasks import start_import
from kamp.organisation.permissions import roles_of
from kamp.organisation.selectors import company_currency

if TYPE_CHECKING:
    from uuid import UUID

    from kamp.users.http import AuthenticatedHttpRequest

HISTORY_LENGTH = 50


@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upload form and the history of imports."""
    require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        done = call_service(
            form,
            lambda: services.import_run_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name or "upload",
                chunks=upload.chunks(),
                mapping=form.cleaned_data.get("mapping"),
                draft=True,
            ),
        )
        if done:
            return redirect(done.value)
    services.import_runs_recover_stale()
    history = selectors.import_history(actor=request.user)[:HISTORY_LENGTH]
    return render(request, "imports/import_list.html", {"form": form, "history": history})


@require_http_methods(["GET", "POST"])
def import_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A draft's preview and mapping (confirm to run), a run's progress, or its report."""
    run = get_import_run_for(request.user, public_id)
    if run.status != ImportRun.Status.DRAFT:
        return render(request, "imports/import_detail.html", {"run": run})
    preview = selectors.import_preview(run)
    form = MappingForm(
        request.POST or None, kind=run.kind, headers=preview.headers, mapping=preview.mapping
    )
    if request.method == "POST" and not preview.problem and form.is_valid():
        return _start(request, run, form, preview.headers)
    context = {"run": run, "preview": preview, "form": form}
    return render(request, "imports/import_preview.html", context)


def _start(
    request: AuthenticatedHttpRequest, run: ImportRun, form: MappingForm, headers: list[str]
) -> HttpResponse:
    mapping = form.cleaned_data["mapping"]
    user = request.user
    services.mapping_save(
        actor=user, kind=run.kind, headers=headers, name=run.file_name, mapping=mapping
    )
    services.import_run_configure(
        actor=user,
        run=run,
        mapping=mapping,
        options=form.cleaned_data["options"],
        dry_run=form.cleaned_data["dry_run"],
    )
    start_import(run)
    return redirect(run)


@require_GET
def import_progress(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The progress fragment the page polls; once the run ends, the page reloads its report."""
    run = get_import_run_for(request.user, public_id)
    response = render(request, "imports/_progress.html", {"run": run})
    if run.finished:
        response["HX-Refresh"] = "true"
    return response


@require_GET
def import_errors_csv(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The run's problems as a CSV file (row, column, value, message)."""
    run = get_import_run_for(request.user, public_id)
    body = to_csv(services.errors_as_frame(run))
    return _download(body, "text/csv; charset=utf-8", f"problems-{run.public_id}.csv")


@require_GET
def import_mapping_toml(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The mapping a run used, as a TOML file for ``kamp import --mapping``."""
    run = get_import_run_for(request.user, public_id)
    body = mapping_to_toml(selectors.run_mapping(run)).encode("utf-8")
    return _download(body, "application/toml; charset=utf-8", f"mapping-{run.kind}.toml")


@require_http_methods(["GET", "POST"])
def import_undo(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Ask for confirmation (GET), then undo the whole import (POST)."""
    run = get_import_run_for(request.user, public_id)
    error = ""
    if request.method == "POST":
        try:
            services.import_run_undo(actor=request.user, run=run)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("The import was undone."))
            return redirect("imports:import-list")
    return render(request, "imports/import_confirm_undo.html", {"run": run, "error": error})


@require_POST
def import_discard(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Drop a draft without importing it."""
    run = get_import_run_for(request.user, public_id)
    services.import_run_discard(actor=request.user, run=run)
    return redirect("imports:import-list")


@require_GET
def export(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    """Customers or the sales summary the user may see, as CSV or XLSX."""
    if not (request.user.is_superuser or roles_of(request.user)):
        raise Http404
    if kind not in selectors.EXPORTS or fmt not in {"csv", "xlsx"}:
        raise Http404
    frame = selectors.EXPORTS[kind](actor=request.user)
    if fmt == "csv":
        return _download(to_csv(frame), "text/csv; charset=utf-8", f"{kind}.csv")
    kind_label = ImportRun.Kind(kind).label if kind in ImportRun.Kind.values else kind
    body = to_xlsx(frame, title=str(kind_label), currency=company_currency(request))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(body, xlsx, f"{kind}.xlsx")


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
