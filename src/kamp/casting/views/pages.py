"""Casting pages: the team (decisions and gap heat map), a person's gaps, decision and plan,
frameworks, role profiles, campaigns with the answer form, and the assignment proposal.

Views fetch with ``get_*_for`` (404 unseen, 403 not allowed), read with selectors and write
with services. Peers' identities never reach a template: only counts and, from the campaign's
minimum, means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kamp.casting import selectors, services
from kamp.casting.charts import dumbbell, gap_heatmap
from kamp.casting.content import localized
from kamp.casting.derive import objective_from_challenges
from kamp.casting.forms import CompetencyForm, DeriveForm, RatingForm
from kamp.casting.models import Assessment, AssignmentProposal, Person
from kamp.casting.permissions import (
    can,
    can_proposals,
    get_assessment_for,
    get_campaign_for,
    get_framework_for,
    get_person_for,
    get_profile_for,
    get_proposal_for,
    visible_to,
)
from kamp.casting.presets import PRESETS
from kamp.casting.rules import peer_summary, vacancies
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from kamp.users.http import AuthenticatedHttpRequest

DECISIONS = {
    "keep": gettext_lazy("Keep"),
    "train": gettext_lazy("Train"),
    "transfer_hire": gettext_lazy("Transfer and hire"),
}
REASONS = {
    "fit_below_transfer": gettext_lazy("The profile fit is below the transfer threshold."),
    "critical_aptitude_gap": gettext_lazy(
        "A critical innate aptitude is two levels or more short: training will not close it."
    ),
    "fit_and_critical_met": gettext_lazy(
        "The profile fit reaches the keep threshold and every critical competency is met."
    ),
    "critical_gap": gettext_lazy(
        "The fit is high but a critical competency is short by one level: train it."
    ),
    "fit_between": gettext_lazy("The profile fit is between the transfer and keep thresholds."),
}
NEEDS = {
    "segment": gettext_lazy("segment"),
    "stage": gettext_lazy("relationship stage"),
    "tier": gettext_lazy("tier"),
    "countries": gettext_lazy("countries"),
    "languages": gettext_lazy("languages"),
}
PRESET_LABELS = {
    "halifax": gettext_lazy("The method's casting profile (default)"),
    "akam": gettext_lazy("Academy for KAM: five areas"),
    "mcdonald_woodburn": gettext_lazy("McDonald & Woodburn: roles and aptitudes"),
}


def _require_view(request: AuthenticatedHttpRequest) -> None:
    if not can(request.user, "view"):
        raise Http404


def _require_change(request: AuthenticatedHttpRequest) -> None:
    _require_view(request)
    if not can(request.user, "change"):
        raise PermissionDenied


def _ctx(request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    return {"can_change": can(request.user, "change"), "decisions": DECISIONS, **extra}


def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people the user sees: decision, fit and the gap heat map; the vacancies."""
    people = visible_to(request.user, "view")
    if not can(request.user, "view") and not people.exists():
        raise Http404
    castings = selectors.castings(people)
    cells = [
        {
            "person": str(c.person),
            "competency": c.names.get(g.competency, g.competency),
            "gap": g.gap,
        }
        for c in castings
        if c.verdict is not None
        for g in c.verdict.gaps
    ]
    verdicts = {
        str(c.person): (c.profile.name, c.verdict)
        for c in castings
        if c.verdict is not None and c.profile is not None
    }
    context = _ctx(
        request,
        castings=castings,
        heatmap=gap_heatmap(cells) if cells else None,
        vacancies=vacancies(verdicts),
        can_propose=can_proposals(request.user, "view"),
    )
    return render(request, "casting/team.html", context)


def person_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    person = get_person_for(request.user, public_id)
    casting = selectors.casting_of(selectors.people(Person.objects.filter(pk=person.pk)).get())
    rows = []
    if casting.verdict is not None:
        rows = [
            {
                "competency": casting.names.get(g.competency, g.competency),
                "required": g.required,
                "attained": g.attained,
                "gap": g.gap,
                "critical": g.critical,
                "aptitude": g.aptitude,
            }
            for g in casting.verdict.gaps
        ]
    history = list(
        person.assessments.select_related("campaign__framework").order_by("-created_at", "-id")
    )
    context = _ctx(
        request,
        person=person,
        casting=casting,
        rows=rows,
        chart=dumbbell(rows) if rows else None,
        reason=REASONS.get(casting.verdict.reason) if casting.verdict else None,
        actions=person.actions.select_related("competency"),
        history=history,
        views=assessment_views(history[0]) if history else [],
    )
    return render(request, "casting/person_detail.html", context)


def framework_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_view(request)
    context = _ctx(
        request,
        frameworks=selectors.frameworks(),
        presets=[(k, PRESET_LABELS[k]) for k in PRESETS],
    )
    return render(request, "casting/framework_list.html", context)


@require_POST
def framework_preset(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    _require_change(request)
    if key not in PRESETS:
        raise Http404
    framework = services.framework_install_preset(actor=request.user, key=key)
    messages.success(request, _("Framework installed."))
    return redirect("casting:framework-detail", public_id=framework.public_id)


def framework_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    framework = get_framework_for(request.user, public_id)
    versions = selectors.framework_versions(framework)
    context = _ctx(
        request,
        framework=framework,
        competencies=selectors.competencies(framework),
        versions=versions,
    )
    return render(request, "casting/framework_detail.html", context)


@require_http_methods(["GET", "POST"])
def competency_edit(request: AuthenticatedHttpRequest, public_id: UUID, code: str) -> HttpResponse:
    framework = get_framework_for(request.user, public_id, "change")
    competency = selectors.competencies(framework).filter(code=code).first()
    if competency is None:
        raise Http404
    form = CompetencyForm(request.POST or None, initial=CompetencyForm.initial_for(competency))
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := call_service(
                form,
                lambda: services.framework_update_competency(
                    actor=request.user, framework=framework, code=code, **form.to_fields()
                ),
            )
        )
    ):
        messages.success(request, _("Saved as a new version of the framework."))
        return redirect("casting:framework-detail", public_id=done.value.public_id)
    context = _ctx(request, form=form, framework=framework, competency=competency)
    return render(request, "casting/competency_form.html", context)


def profile_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_view(request)
    return render(
        request, "casting/profile_list.html", _ctx(request, profiles=selectors.profiles())
    )


def profile_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    profile = get_profile_for(request.user, public_id)
    context = _ctx(
        request,
        profile=profile,
        requirements=selectors.requirements(profile),
        versions=selectors.profile_versions(profile),
        newest=selectors.profile_is_newest(profile),
        used=selectors.profile_used(profile),
    )
    return render(request, "casting/profile_detail.html", context)


@require_http_methods(["GET", "POST"])
def profile_derive(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_change(request)
    objective = objective_from_challenges(selectors.programme_challenge_kinds())
    form = DeriveForm(request.POST or None, initial={"objective": objective, "role": "kam"})
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := call_service(
                form,
                lambda: services.profile_derive(actor=request.user, **form.cleaned_data),
            )
        )
    ):
        messages.success(request, _("Profile saved."))
        return redirect("casting:profile-detail", public_id=done.value.public_id)
    return render(request, "casting/profile_form.html", _ctx(request, form=form))


def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_view(request)
    return render(
        request, "casting/campaign_list.html", _ctx(request, campaigns=selectors.campaigns())
    )


def campaign_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    campaign = get_campaign_for(request.user, public_id)
    assessments = selectors.campaign_assessments(campaign, visible_to(request.user, "view"))
    mine = []
    if campaign.status == campaign.Status.OPEN:
        mine = list(selectors.raters_waiting(campaign, request.user))
    context = _ctx(
        request,
        campaign=campaign,
        assessments=assessments,
        mine=mine,
        raters=selectors.campaign_raters(campaign),
    )
    return render(request, "casting/campaign_detail.html", context)


@require_http_methods(["GET", "POST"])
def assessment_rate(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The answer form of one rater: a level per competency, with evidence."""
    assessment = get_assessment_for(request.user, public_id, "rate")
    competencies = list(selectors.competencies(assessment.campaign.framework))
    form = RatingForm(request.POST or None, competencies=competencies)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            lambda: services.ratings_submit(
                actor=request.user, assessment=assessment, levels=form.levels()
            ),
        )
    ):
        messages.success(request, _("Thank you: your answers are saved."))
        return redirect("casting:campaign-detail", public_id=assessment.campaign.public_id)
    context = _ctx(request, assessment=assessment, form=form)
    return render(request, "casting/assessment_form.html", context)


@require_POST
def assessment_close(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_assessment_for(request.user, public_id, "change")
    try:
        services.assessment_close(actor=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assessment closed: levels and plan are set."))
    return redirect("casting:person-detail", public_id=assessment.person.public_id)


def assessment_views(assessment: Assessment) -> list[dict[str, Any]]:
    """Per competency: the self and manager levels and the peers' anonymous summary."""
    found = selectors.ratings_by_perspective(assessment)
    return [
        {
            "competency": localized(c, "name"),
            "self": next(iter(found.get(c.code, {}).get("self", [])), None),
            "manager": next(iter(found.get(c.code, {}).get("manager", [])), None),
            "peers": peer_summary(
                found.get(c.code, {}).get("peer", []), assessment.campaign.min_raters
            ),
        }
        for c in selectors.competencies(assessment.campaign.framework)
    ]


def proposal_latest(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_proposals(request.user, "view"):
        raise Http404
    latest = selectors.latest_proposal()
    if latest is not None:
        return redirect("casting:proposal-detail", public_id=latest.public_id)
    context = _ctx(request, can_accept=can_proposals(request.user, "change"))
    return render(request, "casting/proposal_empty.html", context)


@require_POST
def proposal_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_proposals(request.user, "view"):
        raise Http404
    proposal = services.proposal_create(actor=request.user)
    return redirect("casting:proposal-detail", public_id=proposal.public_id)


def _lines(proposal: AssignmentProposal) -> list[dict[str, Any]]:
    return [
        {
            "line": line,
            "met": [NEEDS[k] for k in line.met],
            "missed": [NEEDS[k] for k in line.missed],
        }
        for line in selectors.proposal_lines(proposal)
    ]


def proposal_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    proposal = get_proposal_for(request.user, public_id)
    context = _ctx(
        request,
        proposal=proposal,
        lines=_lines(proposal),
        can_accept=can_proposals(request.user, "change"),
    )
    return render(request, "casting/proposal_detail.html", context)


@require_POST
def proposal_accept(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Accept all or the selected lines: a first POST shows what changes; ``confirm`` applies."""
    proposal = get_proposal_for(request.user, public_id, "change")
    chosen = [int(x) for x in request.POST.getlist("line") if x.isdigit()]
    everything = request.POST.get("all") == "1"
    if not everything and not chosen:
        messages.error(request, _("Select the lines to accept, or accept all."))
        return redirect("casting:proposal-detail", public_id=proposal.public_id)
    if request.POST.get("confirm") != "1":
        lines = [
            row
            for row in _lines(proposal)
            if row["line"].accepted_at is None and (everything or row["line"].pk in chosen)
        ]
        context = _ctx(request, proposal=proposal, lines=lines, everything=everything)
        return render(request, "casting/proposal_confirm.html", context)
    try:
        accepted = services.proposal_accept(
            actor=request.user, proposal=proposal, line_ids=None if everything else chosen
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s lines accepted.") % {"n": len(accepted)})
    return redirect("casting:proposal-detail", public_id=proposal.public_id)
