"""Pages of strategic initiatives: drafting, the workflow, history, milestones and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts import selectors, services
from kamp.accounts.forms import (
    ActionForm,
    CommentForm,
    DecisionForm,
    InitiativeForm,
    MilestoneForm,
    ResourceRequestForm,
)
from kamp.accounts.models import InitiativeAction, StrategicInitiative
from kamp.accounts.permissions import (
    can_initiative,
    get_action_for,
    get_initiative_for,
    get_key_account_for,
)
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest

DETAIL = "accounts/initiative_detail.html"


def initiative_context(
    request: AuthenticatedHttpRequest, initiative: StrategicInitiative, **forms_: object
) -> dict[str, object]:
    """Everything the initiative page shows, with the forms the user's rights allow."""
    user = request.user
    can_change = can_initiative(user, initiative, "change")
    can_decide = initiative.status == StrategicInitiative.Status.SUBMITTED and can_initiative(
        user, initiative, "decide"
    )
    edit = can_change and initiative.is_editable
    context: dict[str, object] = {
        "initiative": initiative,
        "account": initiative.key_account,
        "events": selectors.initiative_history(initiative),
        "milestones": initiative.milestones.all(),
        "can_change": can_change,
        "can_decide": can_decide,
        "can_submit": edit,
        "can_comment": can_change or can_initiative(user, initiative, "decide"),
        "form": InitiativeForm(instance=initiative) if edit else None,
        "decision_form": DecisionForm(),
        "comment_form": CommentForm(),
        "milestone_form": MilestoneForm(),
        "requests": selectors.initiative_requests(initiative, actor=request.user),
        "request_form": ResourceRequestForm() if can_change else None,
        **_actions_context(request, initiative),
    }
    context.update(forms_)
    return context


def _actions_context(
    request: AuthenticatedHttpRequest,
    initiative: StrategicInitiative,
    form: ActionForm | None = None,
) -> dict[str, object]:
    today = timezone.localdate()
    user = request.user
    can_change = can_initiative(user, initiative, "change")
    rows = [
        (a, a.is_overdue(today), can_change or a.owner_id == user.pk)
        for a in selectors.initiative_actions(initiative)
    ]
    return {
        "initiative": initiative,
        "action_rows": rows,
        "action_form": (form or ActionForm()) if can_change else None,
        "action_statuses": InitiativeAction.Status.choices,
    }


@require_http_methods(["GET", "POST"])
def initiative_create(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Draft a new strategic initiative on a key account (its KAM, or the director)."""
    account = get_key_account_for(request.user, public_id, "manage")
    form = InitiativeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := call_service(
                form,
                lambda: services.initiative_create(
                    actor=request.user, key_account=account, **form.content()
                ),
            )
        )
    ):
        messages.success(request, _("Initiative drafted."))
        return redirect(done.value)
    context = {"account": account, "form": form}
    return render(request, "accounts/initiative_form.html", context)


@require_http_methods(["GET", "POST"])
def initiative_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """An initiative: content (editable while a draft), workflow, history, milestones, actions."""
    initiative = get_initiative_for(request.user, public_id)
    if request.method == "GET":
        return render(request, DETAIL, initiative_context(request, initiative))
    initiative = get_initiative_for(request.user, public_id, "change")
    form = InitiativeForm(request.POST, instance=initiative)
    if form.is_valid() and call_service(
        form,
        lambda: services.initiative_update(
            actor=request.user,
            initiative=initiative,
            version=form.cleaned_data["version"] or 0,
            **form.content(),
        ),
    ):
        messages.success(request, _("Initiative saved."))
        return redirect(initiative)
    initiative = get_initiative_for(request.user, public_id)
    context = initiative_context(request, initiative, form=form)
    return render(request, DETAIL, context, status=422)


@require_POST
def initiative_transition(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Submit the initiative, or decide on it (validate, ask for changes, reject)."""
    initiative = get_initiative_for(request.user, public_id)
    form = DecisionForm(request.POST)
    if form.is_valid() and call_service(
        form,
        lambda: services.initiative_transition(
            actor=request.user,
            initiative=initiative,
            to_status=form.cleaned_data["to_status"],
            comment=form.cleaned_data["comment"],
        ),
    ):
        messages.success(
            request, _("Initiative: %(status)s.") % {"status": initiative.get_status_display()}
        )
        return redirect(initiative)
    context = initiative_context(request, initiative, decision_form=form)
    return render(request, DETAIL, context, status=422)


@require_POST
def initiative_comment(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Add a comment to the initiative's history."""
    initiative = get_initiative_for(request.user, public_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.initiative_comment(
            actor=request.user, initiative=initiative, comment=form.cleaned_data["comment"]
        )
    return redirect(initiative)


@require_POST
def milestone_add(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Add a milestone to the initiative."""
    initiative = get_initiative_for(request.user, public_id, "change")
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_add(
            actor=request.user,
            initiative=initiative,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        )
        return redirect(initiative)
    context = initiative_context(request, initiative, milestone_form=form)
    return render(request, DETAIL, context, status=422)


@require_POST
def milestone_toggle(
    request: AuthenticatedHttpRequest, public_id: UUID, milestone_id: UUID
) -> HttpResponse:
    """Mark a milestone reached, or not reached any more."""
    initiative = get_initiative_for(request.user, public_id, "change")
    milestone = selectors.milestone_of(initiative, milestone_id)
    if milestone is None:
        raise Http404
    services.milestone_set_done(
        actor=request.user, milestone=milestone, done=milestone.done_on is None
    )
    return redirect(initiative)


@require_POST
def action_add(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Add an action; htmx gets the actions table back."""
    initiative = get_initiative_for(request.user, public_id, "change")
    form = ActionForm(request.POST)
    if form.is_valid():
        services.action_add(
            actor=request.user,
            initiative=initiative,
            title=form.cleaned_data["title"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
        )
        form = ActionForm()
    return _actions_response(request, initiative, form)


@require_POST
def action_status(request: AuthenticatedHttpRequest, action_id: UUID) -> HttpResponse:
    """Move an action's status (its owner, or the initiative's editors); htmx gets the table."""
    action = get_action_for(request.user, action_id, "change")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    status = request.POST.get("status", "")
    try:
        services.action_update(actor=request.user, action=action, version=version, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    initiative = get_initiative_for(request.user, action.initiative.public_id)
    return _actions_response(request, initiative, None)


def _actions_response(
    request: AuthenticatedHttpRequest, initiative: StrategicInitiative, form: ActionForm | None
) -> HttpResponse:
    if request.htmx:
        context = _actions_context(request, initiative, form)
        return render(request, "accounts/_actions.html", context)
    return redirect(initiative)


def overdue_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open actions past their due date that the user follows up (KAM: their accounts)."""
    page = Paginator(selectors.overdue_actions(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/overdue_actions.html", {"page_obj": page})


def initiatives_to_decide(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Submitted initiatives the user may decide on (as sponsor or committee), oldest first."""
    qs = selectors.initiatives_to_decide(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/initiatives_to_decide.html", {"page_obj": page})
