"""Pages of strategic segments: the overview with live figures, and their form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kamp.core.forms import call_service
from kamp.customers.selectors import industries
from kamp.selection import selectors, services
from kamp.selection.forms import SegmentForm
from kamp.selection.permissions import can, get_segment_for
from kamp.selection.views.common import page_context, require_view

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.selection.models import Segment
    from kamp.selection.services import SegmentFields
    from kamp.users.http import AuthenticatedHttpRequest
    from kamp.users.models import User


def segment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Segments with their customers, revenue, margin, growth and fit (computed live)."""
    require_view(request)
    prepared, as_of = selectors.prepared_accounts()
    rows = selectors.segment_overview(prepared)
    context = page_context(request, rows=rows, as_of=as_of)
    return render(request, "selection/segment_list.html", context)


@require_http_methods(["GET", "POST"])
def segment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_view(request)
    if not can(request.user, "change"):
        raise PermissionDenied
    return _segment_form(request, None)


@require_http_methods(["GET", "POST"])
def segment_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    return _segment_form(request, get_segment_for(request.user, public_id, "change"))


def _segment_save(actor: User, segment: Segment | None, fields: SegmentFields) -> Segment:
    if segment is None:
        return services.segment_create(actor=actor, **fields)
    return services.segment_update(actor=actor, segment=segment, **fields)


def _segment_form(request: AuthenticatedHttpRequest, segment: Segment | None) -> HttpResponse:
    form = SegmentForm(
        request.POST or None, industries=industries(actor=request.user), segment=segment
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, lambda: _segment_save(request.user, segment, form.to_fields()))
    ):
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
