"""The scoring team's manual scores: upload, and how many there are per criterion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kamp.selection import selectors, services
from kamp.selection.forms import ManualScoresForm
from kamp.selection.permissions import can
from kamp.selection.views.common import page_context, require_view

if TYPE_CHECKING:
    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def manual_scores(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload the scoring team's scores; list how many there are per criterion."""
    require_view(request)
    form = ManualScoresForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can(request.user, "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8")
                count = services.manual_scores_import(
                    actor=request.user,
                    model=form.cleaned_data["model"],
                    text=text,
                    scale=form.cleaned_data["scale"],
                )
            except (ValidationError, UnicodeDecodeError) as error:
                problems = error.messages if isinstance(error, ValidationError) else [str(error)]
                form.add_error(None, problems)
            else:
                messages.success(request, _("%(n)s scores stored.") % {"n": count})
                return redirect("selection:manual-scores")
    counts = selectors.manual_score_counts()
    return render(
        request, "selection/manual_scores.html", page_context(request, form=form, counts=counts)
    )
