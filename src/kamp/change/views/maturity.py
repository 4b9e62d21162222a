"""Maturity pages: the overview (index, phase, history, adoption), an assessment's
questionnaire and results, and the improvement actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.change import selectors, services
from kamp.change.adoption import adoption_signals
from kamp.change.charts import adoption_trend, maturity_profile
from kamp.change.facts import programme_facts
from kamp.change.forms import (
    AcceptForm,
    AssessmentForm,
    ImprovementActionForm,
    InviteForm,
    QuestionnaireForm,
)
from kamp.change.models import Assessment
from kamp.change.permissions import (
    can_manage,
    can_read_all,
    check_manager,
    check_member,
    check_reader,
    get_assessment_for,
    get_improvement_action_for,
)
from kamp.change.views.common import posted, saved

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest
    from kamp.users.models import User


@require_http_methods(["GET", "POST"])
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest maturity, the history, adoption; what is waiting for the user."""
    check_member(request.user)
    if request.method == "POST":
        check_manager(request.user)
    actor, today = request.user, timezone.localdate()
    form = posted(request, "assessment", AssessmentForm)
    if saved(request, form, lambda: services.assessment_create(actor=actor, **form.cleaned_data)):
        return redirect("change:overview")
    context: dict[str, object] = {
        "history": selectors.assessment_history(actor=actor),
        "unread": selectors.announcement_list(actor=actor, unread_only=True),
        "pulses": [
            p for p in selectors.pulse_list(actor=actor) if not getattr(p, "answered", True)
        ],
        "reader": can_read_all(actor),
        "form": form if can_manage(actor) else None,
    }
    if can_read_all(actor):
        latest = selectors.latest_result(actor=actor)
        adoption = adoption_signals(actor=actor, today=today)
        context |= {
            "latest": latest,
            "profile": maturity_profile(_profile_rows(latest)) if latest else None,
            "adoption": adoption,
            "adoption_chart": adoption_trend(adoption.rows),
        }
    return render(request, "change/overview.html", context)


def _profile_rows(result: selectors.AssessmentResult) -> list[dict[str, object]]:
    return [
        {"dimension": d.label, "level": d.level or 0, "target": d.target} for d in result.dimensions
    ]


@require_http_methods(["GET", "POST"])
def assessment_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The questionnaire (with kamp's facts beside the questions), the results and the gaps."""
    actor = request.user
    assessment = get_assessment_for(actor, public_id)
    name = request.POST.get("form", "") if request.method == "POST" else ""
    if name:
        get_assessment_for(actor, public_id, "answer" if name == "rate" else "change")
    facts = programme_facts(actor=actor, today=timezone.localdate())
    mine = selectors.my_ratings(actor=actor, assessment=assessment)
    rate = posted(request, "rate", QuestionnaireForm, mine=mine, facts=facts)
    invite = posted(request, "invite", InviteForm)
    action = posted(request, "action", ImprovementActionForm)

    def _rate() -> None:
        for dimension, level, evidence in rate.answers():
            services.assessment_rate(
                actor=actor,
                assessment=assessment,
                dimension=dimension,
                level=level,
                evidence=evidence,
            )

    done = (
        saved(request, rate, _rate)
        or saved(
            request,
            invite,
            lambda: services.assessment_invite(
                actor=actor, assessment=assessment, users=invite.cleaned_data["users"]
            ),
        )
        or saved(
            request,
            action,
            lambda: services.improvement_action_create(
                actor=actor, assessment=assessment, **action.cleaned_data
            ),
        )
    )
    if name == "propose":
        services.assessment_propose_actions(actor=actor, assessment=assessment)
        done = True
    elif name == "close":
        services.assessment_close(actor=actor, assessment=assessment)
        done = True
    if done:
        return redirect(assessment)
    result = selectors.assessment_result(assessment=assessment)
    manage = can_manage(actor)
    context = {
        "assessment": assessment,
        "result": result,
        "profile": maturity_profile(_profile_rows(result)),
        "reader": can_read_all(actor),
        "rate": rate if _can_answer(actor, assessment) else None,
        "invite": invite if manage and assessment.status == "open" else None,
        "action_form": action if manage else None,
        "actions": selectors.improvement_actions(actor=actor, assessment=assessment),
        "owners": selectors.people_choices() if manage else [],
        "manage": manage,
    }
    return render(request, "change/assessment_detail.html", context)


def _can_answer(actor: User, assessment: Assessment) -> bool:
    return Assessment.objects.visible_to(actor, "answer").filter(pk=assessment.pk).exists()


def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every improvement action with its progress on the roadmap."""
    check_reader(request.user)
    context = {
        "actions": selectors.improvement_actions(actor=request.user),
        "manage": can_manage(request.user),
        "owners": selectors.people_choices() if can_manage(request.user) else [],
    }
    return render(request, "change/action_list.html", context)


@require_POST
def action_decide(request: AuthenticatedHttpRequest, public_id: UUID, verb: str) -> HttpResponse:
    """Accept (onto the roadmap), dismiss or complete an improvement action."""
    action = get_improvement_action_for(request.user, public_id, "change")
    actor = request.user
    form = AcceptForm(request.POST)
    calls = {
        "accept": lambda: services.improvement_action_accept(
            actor=actor, action=action, **form.cleaned_data
        ),
        "dismiss": lambda: services.improvement_action_dismiss(actor=actor, action=action),
        "complete": lambda: services.improvement_action_complete(actor=actor, action=action),
    }
    if not saved(request, form, calls[verb]):
        errors = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join(errors) or _("Nothing was changed."))
    return redirect(action.assessment)
