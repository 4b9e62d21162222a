"""Listening pages: pulse surveys (answer, results), the concerns and ideas log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kamp.change import selectors, services
from kamp.change.forms import ConcernAnswerForm, ConcernForm, PulseAnswerForm, PulseForm
from kamp.change.models import PulseSurvey
from kamp.change.permissions import (
    can_manage,
    can_read_all,
    check_manager,
    check_member,
    get_concern_for,
    get_pulse_for,
)
from kamp.change.views.common import posted, saved

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def pulse_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pulse surveys addressed to the user; the director opens new ones."""
    (check_manager if request.method == "POST" else check_member)(request.user)
    actor = request.user
    form = posted(
        request,
        "pulse",
        PulseForm,
        initial={"opened_on": timezone.localdate(), "audience": "company"},
    )
    if saved(request, form, lambda: services.pulse_create(actor=actor, **form.cleaned_data)):
        return redirect("change:pulse-list")
    context = {
        "pulses": selectors.pulse_list(actor=actor),
        "form": form if can_manage(actor) else None,
    }
    return render(request, "change/pulse_list.html", context)


@require_http_methods(["GET", "POST"])
def pulse_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Answer the survey (once, anonymously); results once enough people answered."""
    actor = request.user
    survey = get_pulse_for(actor, public_id)
    name = request.POST.get("form", "") if request.method == "POST" else ""
    if name:
        get_pulse_for(actor, public_id, "change" if name == "close" else "answer")
    if name == "close":
        services.pulse_close(actor=actor, survey=survey)
        return redirect(survey)
    can_answer = PulseSurvey.objects.visible_to(actor, "answer").filter(pk=survey.pk).exists()
    form = posted(request, "answer", PulseAnswerForm, survey=survey)
    if saved(
        request,
        form,
        lambda: services.pulse_answer(
            actor=actor,
            survey=survey,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        ),
    ):
        return redirect(survey)
    context = {
        "survey": survey,
        "form": form if can_answer else None,
        "results": selectors.pulse_survey_results(survey=survey) if can_read_all(actor) else None,
        "manage": can_manage(actor),
    }
    return render(request, "change/pulse_detail.html", context)


@require_http_methods(["GET", "POST"])
def concern_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The concerns and ideas log: anyone with a role adds; the director answers.

    An htmx submission gets the log fragment back, with the new item in it.
    """
    check_member(request.user)
    actor = request.user
    form = posted(request, "concern", ConcernForm)
    if saved(request, form, lambda: services.concern_create(actor=actor, **form.cleaned_data)):
        if not request.htmx:
            return redirect("change:concern-list")
        form = ConcernForm(auto_id="concern-%s")
    context = {
        "concerns": selectors.concern_list(actor=actor),
        "form": form,
        "answer_form": can_manage(actor),
        "reviews": selectors.review_choices() if can_manage(actor) else [],
    }
    template = "change/_concerns.html" if request.htmx else "change/concern_list.html"
    return render(request, template, context)


@require_POST
def concern_answer(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Answer a concern or idea and name the steering review that dealt with it (director)."""
    concern = get_concern_for(request.user, public_id, "change")
    actor = request.user
    form = ConcernAnswerForm(request.POST)
    saved(
        request,
        form,
        lambda: services.concern_answer(actor=actor, concern=concern, **form.cleaned_data),
    )
    return redirect("change:concern-list")
