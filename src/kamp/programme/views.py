"""Programme pages: charter, interviews, steering reviews and the roadmap.

Each page carries its own forms; a POST names the form it submits in ``form`` and is handled by
the matching service. Seeing needs a role (else 404), posting needs the right (else 403).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts.permissions import get_key_account_for
from kamp.core.forms import call_service
from kamp.programme import selectors, services
from kamp.programme.forms import (
    ActionForm,
    ChallengeForm,
    CharterForm,
    DecisionsForm,
    EngagementForm,
    InterviewForm,
    MilestoneForm,
    ObjectiveForm,
    ReviewForm,
    SponsorshipForm,
    ValidationForm,
)
from kamp.programme.models import Milestone
from kamp.programme.permissions import can, check, get_review_for
from kamp.programme.sponsorship import coverage, suggest_sponsors

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from django.forms import BaseForm
    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest

type Saver = Callable[[dict[str, Any]], object]


def _submit(request: AuthenticatedHttpRequest, form: BaseForm, save: Saver) -> bool:
    """Validate ``form`` and call ``save`` with its data; service errors land on the form."""
    if form.is_valid() and call_service(form, lambda: save(form.cleaned_data)):
        messages.success(request, _("Saved."))
        return True
    return False


def _posted(
    request: AuthenticatedHttpRequest, name: str, form_class: type[BaseForm], **kwargs: Any
) -> Any:
    """The form bound to the POST if it names ``name``, else an unbound one.

    Field ids start with ``name``, so labels stay unique when a page carries several forms.
    """
    kwargs["auto_id"] = f"{name}-%s"
    if request.method == "POST" and request.POST.get("form") == name:
        return form_class(request.POST, **kwargs)
    return form_class(**kwargs)


@require_http_methods(["GET", "POST"])
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The charter: challenges, objectives, scope and owner; next review and roadmap status."""
    check(request.user, "change" if request.method == "POST" else "view")
    charter = services.charter_current()
    forms = {
        "charter": _posted(request, "charter", CharterForm, instance=charter),
        "challenge": _posted(request, "challenge", ChallengeForm),
        "objective": _posted(request, "objective", ObjectiveForm),
    }
    if request.method == "POST":
        actor, name = request.user, request.POST.get("form", "")
        savers: dict[str, Saver] = {
            "charter": lambda data: services.charter_update(actor=actor, **data),
            "challenge": lambda data: services.challenge_create(actor=actor, **data),
            "objective": lambda data: services.objective_create(actor=actor, **data),
        }
        if name in forms and _submit(request, forms[name], savers[name]):
            return redirect("programme:overview")
    context = {
        "charter": charter,
        "challenges": selectors.challenge_list(actor=request.user),
        "next_review": selectors.next_review(actor=request.user, today=timezone.localdate()),
        "phases": selectors.roadmap(actor=request.user),
        "themes": selectors.interview_synthesis(actor=request.user)[:5],
        "forms": forms if can(request.user, "change") else None,
    }
    return render(request, "programme/overview.html", context)


@require_http_methods(["GET", "POST"])
def interview_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Management interviews and the synthesis of their themes."""
    check(request.user, "change" if request.method == "POST" else "view")
    form = _posted(request, "interview", InterviewForm)
    if request.method == "POST":
        actor = request.user
        if _submit(request, form, lambda data: services.interview_create(actor=actor, **data)):
            return redirect("programme:interview-list")
    context = {
        "interviews": selectors.interview_list(actor=request.user),
        "themes": selectors.interview_synthesis(actor=request.user),
        "form": form if can(request.user, "change") else None,
    }
    return render(request, "programme/interview_list.html", context)


@require_http_methods(["GET", "POST"])
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Steering reviews, newest first; the programme director plans the next one here."""
    check(request.user, "change" if request.method == "POST" else "view")
    form = _posted(request, "review", ReviewForm)
    if request.method == "POST":
        actor = request.user
        if _submit(request, form, lambda data: services.review_create(actor=actor, **data)):
            return redirect("programme:review-list")
    context = {
        "reviews": selectors.review_list(actor=request.user),
        "form": form if can(request.user, "change") else None,
    }
    return render(request, "programme/review_list.html", context)


@require_http_methods(["GET", "POST"])
def review_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A review: attendees, agenda, decisions, programme points validated and actions."""
    review = get_review_for(
        request.user, public_id, "review" if request.method == "POST" else "view"
    )
    forms = {
        "decisions": _posted(request, "decisions", DecisionsForm, instance=review),
        "validate": _posted(request, "validate", ValidationForm, user=request.user),
        "action": _posted(request, "action", ActionForm),
    }
    if request.method == "POST":
        actor, name = request.user, request.POST.get("form", "")
        savers: dict[str, Saver] = {
            "decisions": lambda d: services.review_update(actor=actor, review=review, **d),
            "validate": lambda d: services.review_validate_point(actor=actor, review=review, **d),
            "action": lambda d: services.review_action_create(actor=actor, review=review, **d),
        }
        if name in forms and _submit(request, forms[name], savers[name]):
            return redirect(review)
    context = {
        "review": selectors.review_detail(actor=request.user, review=review),
        "today": timezone.localdate(),
        "forms": forms if can(request.user, "review") else None,
    }
    return render(request, "programme/review_detail.html", context)


@require_POST
def action_complete(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Mark a review action done (its owner, the director or an executive)."""
    check(request.user, "view")
    action = selectors.review_action_by_public_id(actor=request.user, public_id=public_id)
    if action is None:
        raise Http404
    services.review_action_complete(actor=request.user, action=action)
    return redirect(action.review)


@require_http_methods(["GET", "POST"])
def roadmap(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The method's phases with their milestones; the director adds and moves milestones."""
    check(request.user, "change" if request.method == "POST" else "view")
    form = _posted(request, "milestone", MilestoneForm)
    if request.method == "POST":
        actor = request.user
        if request.POST.get("form") == "status":
            milestone = selectors.milestone_by_public_id(
                actor=actor, public_id=request.POST.get("milestone")
            )
            if milestone is None:
                raise Http404
            status = request.POST.get("status", "")
            if status in Milestone.Status.values:
                services.milestone_update(actor=actor, milestone=milestone, status=status)
            return redirect("programme:roadmap")
        if _submit(request, form, lambda data: services.milestone_create(actor=actor, **data)):
            return redirect("programme:roadmap")
    context = {
        "phases": selectors.roadmap(actor=request.user),
        "statuses": Milestone.Status.choices,
        "today": timezone.localdate(),
        "form": form if can(request.user, "change") else None,
    }
    return render(request, "programme/roadmap.html", context)


def sponsorship_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sponsors x key accounts: counterpart, cadence, last and next engagement, workload."""
    check(request.user, "view")
    rows = selectors.sponsorship_rows(actor=request.user, today=timezone.localdate())
    loads = selectors.sponsor_workload(actor=request.user, rows=rows)
    suggested = suggest_sponsors(rows, loads)
    context = {
        "rows": rows,
        "plan": [(r, suggested.get(r.account_id, "")) for r in rows],
        "loads": loads,
        "coverage": coverage(rows),
    }
    return render(request, "programme/sponsorship_plan.html", context)


@require_http_methods(["GET", "POST"])
def sponsorship_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """One account's sponsorship: details (director) and the engagement log (sponsor)."""
    check(request.user, "view")
    account = get_key_account_for(request.user, public_id)
    actor = request.user
    details = getattr(account, "sponsorship", None)
    initial = (
        {"counterpart": details.counterpart_id, "cadence_days": details.cadence_days}
        if (details)
        else {}
    )
    forms: dict[str, Any] = {
        "details": _posted(
            request, "details", SponsorshipForm, key_account=account, initial=initial
        ),
        "log": _posted(request, "log", EngagementForm),
    }
    if request.method == "POST":
        name = request.POST.get("form", "")
        allowed = {
            "details": can(actor, "change"),
            "log": services.can_log_engagement(actor, account),
        }
        if not allowed.get(name, False):
            raise PermissionDenied
        savers: dict[str, Saver] = {
            "details": lambda d: services.sponsorship_update(actor=actor, key_account=account, **d),
            "log": lambda d: services.engagement_log(actor=actor, key_account=account, **d),
        }
        if _submit(request, forms[name], savers[name]):
            return redirect("programme:sponsorship-detail", public_id=account.public_id)
    context = {
        "account": account,
        "rows": selectors.sponsorship_rows(
            actor=actor, today=timezone.localdate(), key_account=account
        ),
        "log": selectors.engagement_log(actor=actor, key_account=account),
        "details_form": forms["details"] if can(actor, "change") else None,
        "log_form": forms["log"] if services.can_log_engagement(actor, account) else None,
    }
    return render(request, "programme/sponsorship_detail.html", context)
