"""The director's editing pages: people (create, edit), campaigns (create, close, reopen) and
role profiles line by line. Director only: 403 to whoever sees casting without changing it,
404 to whoever does not see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.casting import selectors, services
from kamp.casting.forms import CampaignForm, PersonForm, ProfileEditForm
from kamp.casting.permissions import get_campaign_for, get_person_for, get_profile_for
from kamp.casting.views.pages import _ctx, _require_change
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_change(request)
    form = PersonForm(request.POST or None, profiles=selectors.profiles())
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := call_service(
                form,
                lambda: services.person_create(
                    actor=request.user,
                    user=form.cleaned_data["username"],
                    **form.fields_for_service(),
                ),
            )
        )
    ):
        messages.success(request, _("Person added to casting."))
        return redirect("casting:person-detail", public_id=done.value.public_id)
    context = _ctx(request, form=form, person=None)
    return render(request, "casting/person_form.html", context)


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    person = get_person_for(request.user, public_id)
    _require_change(request)
    form = PersonForm(
        request.POST or None,
        initial=PersonForm.initial_for(person),
        profiles=selectors.profiles(),
        editing=True,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            lambda: services.person_save(
                actor=request.user, user=person.user, **form.fields_for_service()
            ),
        )
    ):
        messages.success(request, _("Saved."))
        return redirect("casting:person-detail", public_id=person.public_id)
    context = _ctx(request, form=form, person=person)
    return render(request, "casting/person_form.html", context)


@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_change(request)
    people = selectors.all_people()
    form = CampaignForm(
        request.POST or None,
        initial={"kind": "manager", "min_raters": 3},
        frameworks=selectors.frameworks(),
        people=people,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := call_service(
                form,
                lambda: services.campaign_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    framework=form.cleaned_data["framework"],
                    kind=form.cleaned_data["kind"],
                    people=form.cleaned_data["people"],
                    min_raters=form.cleaned_data["min_raters"],
                    peers=form.cleaned_data["peer_users"],
                ),
            )
        )
    ):
        messages.success(request, _("Campaign opened: the raters can answer."))
        return redirect("casting:campaign-detail", public_id=done.value.public_id)
    context = _ctx(request, form=form, has_people=people.exists())
    return render(request, "casting/campaign_form.html", context)


@require_http_methods(["GET", "POST"])
def campaign_close(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """GET asks to confirm (what closing does); POST closes."""
    campaign = get_campaign_for(request.user, public_id, "change")
    if request.method == "POST":
        try:
            services.campaign_close(actor=request.user, campaign=campaign)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Campaign closed: answered assessments are closed."))
        return redirect("casting:campaign-detail", public_id=campaign.public_id)
    context = _ctx(
        request,
        campaign=campaign,
        closing=selectors.open_assessments_with_answers(campaign).count(),
    )
    return render(request, "casting/campaign_close.html", context)


@require_POST
def campaign_open(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    campaign = get_campaign_for(request.user, public_id, "change")
    try:
        services.campaign_open(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Campaign reopened for the missing answers."))
    return redirect("casting:campaign-detail", public_id=campaign.public_id)


@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Every competency of the profile's framework on one line: level, weight, reason."""
    profile = get_profile_for(request.user, public_id, "change")
    if not selectors.profile_is_newest(profile):
        newest = selectors.profile_versions(profile).first()
        messages.info(request, _("This is an older version: edit the newest one."))
        return redirect("casting:profile-detail", public_id=(newest or profile).public_id)
    rows = list(selectors.requirements(profile))
    form = ProfileEditForm(
        request.POST or None,
        initial=ProfileEditForm.initial_for(profile, rows),
        competencies=list(selectors.competencies(profile.framework)),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := call_service(
                form,
                lambda: services.profile_update(
                    actor=request.user,
                    profile=profile,
                    requirements=form.requirements(),
                    reason=form.cleaned_data["reason"],
                    translations=form.translations(),
                ),
            )
        )
    ):
        if done.value.pk != profile.pk:
            messages.success(
                request,
                _("Saved as version %(n)s: closed assessments keep the old one.")
                % {"n": done.value.version},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("casting:profile-detail", public_id=done.value.public_id)
    context = _ctx(request, form=form, profile=profile, used=selectors.profile_used(profile))
    return render(request, "casting/profile_edit.html", context)
