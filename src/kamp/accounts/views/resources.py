"""Pages of resource requests: asking a profit centre, the director's inbox, the alignment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kamp.accounts import selectors, services
from kamp.accounts.forms import AnswerForm, ResourceRequestForm
from kamp.accounts.permissions import get_initiative_for, get_resource_request_for
from kamp.accounts.views.initiatives import initiative_context
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_POST
def resource_request_add(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Ask a profit centre for resources for the initiative."""
    initiative = get_initiative_for(request.user, public_id, "change")
    form = ResourceRequestForm(request.POST)
    if form.is_valid() and call_service(
        form,
        lambda: services.resource_request_create(
            actor=request.user,
            initiative=initiative,
            business_unit=form.cleaned_data["business_unit"],
            kind=form.cleaned_data["kind"],
            amount=form.cleaned_data["amount"],
            period=form.cleaned_data["period"],
            description=form.cleaned_data["description"],
        ),
    ):
        messages.success(request, _("Request sent to the profit centre."))
        return redirect(initiative)
    context = initiative_context(request, initiative, request_form=form)
    return render(request, "accounts/initiative_detail.html", context, status=422)


def _inbox_context(request: AuthenticatedHttpRequest) -> dict[str, object]:
    pending = selectors.requests_to_answer(request.user)
    return {"pending": [(r, AnswerForm(initial={"version": r.version})) for r in pending]}


def resource_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pending requests to the profit centres the user directs, waiting longest first."""
    return render(request, "accounts/resource_inbox.html", _inbox_context(request))


@require_POST
def resource_request_answer(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Commit, partly commit or decline a request; htmx gets the inbox list back."""
    resource_request = get_resource_request_for(request.user, public_id, "answer")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.resource_request_answer(
                actor=request.user,
                request=resource_request,
                version=form.cleaned_data["version"],
                decision=form.cleaned_data["decision"],
                committed_amount=form.cleaned_data["committed_amount"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Answer recorded."))
    else:
        messages.error(request, _("Choose an answer."))
    if request.htmx:
        return render(request, "accounts/_inbox.html", _inbox_context(request))
    return redirect("accounts:resource-inbox")


def resource_alignment(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Asked vs committed by profit centre and by account, and the requests waiting longest."""
    return render(
        request, "accounts/resource_alignment.html", selectors.resource_alignment(request.user)
    )
