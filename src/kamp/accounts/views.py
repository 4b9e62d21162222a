"""Pages of key accounts: the list, and one account with its KAM, tier and status."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts import selectors, services
from kamp.accounts.exports import build_plan_xlsx, plan_export_data
from kamp.accounts.forms import (
    ActionForm,
    AnswerForm,
    CommentForm,
    DecisionForm,
    InitiativeForm,
    KeyAccountForm,
    KeyAccountProfileForm,
    MilestoneForm,
    NewPlanForm,
    PlanForm,
    ResourceRequestForm,
    StakeholderForm,
    TargetsForm,
    TeamMemberForm,
    WhiteSpaceForm,
)
from kamp.accounts.models import (
    PLAN_SECTIONS,
    AccountPlan,
    InitiativeAction,
    KeyAccount,
    ProfitPlanLine,
    RaciAssignment,
    ResourceRequest,
    StrategicInitiative,
)
from kamp.accounts.permissions import (
    can_change_key_account,
    can_initiative,
    can_manage_key_account,
    get_action_for,
    get_initiative_for,
    get_key_account_for,
    get_plan_for,
    get_resource_request_for,
    get_stakeholder_for,
)
from kamp.core.forms import add_service_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest


def key_account_list(request: HttpRequest) -> HttpResponse:
    """Key accounts the user may see, filtered by status (current ones by default)."""
    status = request.GET.get("status", "")
    qs = KeyAccount.objects.visible_to(request.user).select_related("customer", "kam")
    qs = qs.filter(status=status) if status in KeyAccount.Status.values else qs.current()
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    context = {"page_obj": page, "status": status, "statuses": KeyAccount.Status.choices}
    return render(request, "accounts/key_account_list.html", context)


@require_http_methods(["GET", "POST"])
def key_account_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A key account; the programme director assigns its KAM, tier and status here."""
    account = get_key_account_for(request.user, public_id)
    can_change = can_change_key_account(request.user, account)
    form = KeyAccountForm(request.POST or None, instance=account) if can_change else None
    if request.method == "POST":
        account = get_key_account_for(request.user, public_id, "change")
        assert form is not None and request.user.is_authenticated
        if form.is_valid():
            try:
                services.key_account_update(
                    actor=request.user, key_account=account, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Key account saved."))
                return redirect(account)
    context = {
        "account": account,
        "form": form,
        "can_change": can_change,
        "initiatives": _initiatives_of(account),
        "plans": _plans_of(account),
        "new_plan_form": NewPlanForm(initial={"year": timezone.localdate().year}),
        "can_manage": can_manage_key_account(request.user, account),
        **_profile_context(request, account, None),
    }
    return render(request, "accounts/key_account_detail.html", context)


def _initiatives_of(account: KeyAccount) -> list[StrategicInitiative]:
    """The account's initiatives, each with its count of overdue actions (one query)."""
    overdue = Q(actions__due_on__lt=timezone.localdate()) & ~Q(
        actions__status__in=[InitiativeAction.Status.DONE, InitiativeAction.Status.CANCELLED]
    )
    return list(
        account.initiatives.select_related("owner").annotate(
            overdue_count=Count("actions", filter=overdue)
        )
    )


def _plans_of(account: KeyAccount) -> list[tuple[AccountPlan, int]]:
    """The account's plans, newest year first, each with its completeness."""
    plans = account.plans.annotate(line_count=Count("lines"))
    return [(p, p.completeness(has_profit_plan=bool(getattr(p, "line_count", 0)))) for p in plans]


def _profile_context(
    request: HttpRequest, account: KeyAccount, form: KeyAccountProfileForm | None
) -> dict[str, object]:
    can_manage = can_manage_key_account(request.user, account)
    if can_manage and form is None:
        form = KeyAccountProfileForm(instance=account)
    return {
        "account": account,
        "profile_form": form if can_manage else None,
        "stage_changes": account.stage_changes.select_related("actor")[:10],
    }


@require_POST
def key_account_profile(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Save the relationship stage and scope (htmx: answers the profile card again)."""
    account = get_key_account_for(request.user, public_id, "manage")
    form: KeyAccountProfileForm | None = KeyAccountProfileForm(request.POST, instance=account)
    assert form is not None
    saved = False
    if form.is_valid():
        assert request.user.is_authenticated
        data = form.cleaned_data
        try:
            services.key_account_update_profile(
                actor=request.user,
                key_account=account,
                version=data["version"],
                relationship_stage=data["relationship_stage"],
                target_stage=data["target_stage"],
                countries=data["countries"],
                business_units=data["business_units"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = True
    if saved:
        account = get_key_account_for(request.user, public_id)
        form = None
        messages.success(request, _("Relationship and scope saved."))
    context = _profile_context(request, account, form)
    if getattr(request, "htmx", False):
        return render(request, "accounts/_profile.html", context)
    if saved:
        return redirect(account)
    return render(request, "accounts/_profile.html", context, status=422)


def _initiative_context(
    request: HttpRequest, initiative: StrategicInitiative, **forms_: object
) -> dict[str, object]:
    """Everything the initiative page shows, with the forms the user's rights allow."""
    user = request.user
    can_change = can_initiative(user, initiative, "change")
    can_decide = initiative.status == StrategicInitiative.Status.SUBMITTED and can_initiative(
        user, initiative, "decide"
    )
    can_submit = can_change and initiative.is_editable
    edit = can_change and initiative.is_editable
    context: dict[str, object] = {
        "initiative": initiative,
        "account": initiative.key_account,
        "events": initiative.events.select_related("actor"),
        "milestones": initiative.milestones.all(),
        "can_change": can_change,
        "can_decide": can_decide,
        "can_submit": can_submit,
        "can_comment": can_change or can_initiative(user, initiative, "decide"),
        "form": InitiativeForm(instance=initiative) if edit else None,
        "decision_form": DecisionForm(),
        "comment_form": CommentForm(),
        "milestone_form": MilestoneForm(),
        "requests": initiative.resource_requests.select_related("business_unit", "answered_by"),
        "request_form": ResourceRequestForm() if can_change else None,
        **_actions_context(request, initiative),
    }
    context.update(forms_)
    return context


def _actions_context(
    request: HttpRequest, initiative: StrategicInitiative, form: ActionForm | None = None
) -> dict[str, object]:
    today = timezone.localdate()
    user = request.user
    can_change = can_initiative(user, initiative, "change")
    rows = [
        (a, a.is_overdue(today), can_change or (user.is_authenticated and a.owner_id == user.pk))
        for a in initiative.actions.select_related("owner")
    ]
    return {
        "initiative": initiative,
        "action_rows": rows,
        "action_form": (form or ActionForm()) if can_change else None,
        "action_statuses": InitiativeAction.Status.choices,
    }


@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Draft a new strategic initiative on a key account (its KAM, or the director)."""
    account = get_key_account_for(request.user, public_id, "manage")
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert request.user.is_authenticated
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            created = services.initiative_create(actor=request.user, key_account=account, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Initiative drafted."))
            return redirect(created)
    context = {"account": account, "form": form}
    return render(request, "accounts/initiative_form.html", context)


@require_http_methods(["GET", "POST"])
def initiative_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """An initiative: content (editable while a draft), workflow, history, milestones, actions."""
    initiative = get_initiative_for(request.user, public_id)
    if request.method == "GET":
        return render(
            request, "accounts/initiative_detail.html", _initiative_context(request, initiative)
        )
    initiative = get_initiative_for(request.user, public_id, "change")
    form = InitiativeForm(request.POST, instance=initiative)
    if form.is_valid():
        assert request.user.is_authenticated
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.initiative_update(
                actor=request.user, initiative=initiative, version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Initiative saved."))
            return redirect(initiative)
    initiative = get_initiative_for(request.user, public_id)
    context = _initiative_context(request, initiative, form=form)
    return render(request, "accounts/initiative_detail.html", context, status=422)


@require_POST
def initiative_transition(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Submit the initiative, or decide on it (validate, ask for changes, reject)."""
    initiative = get_initiative_for(request.user, public_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        try:
            services.initiative_transition(
                actor=request.user,
                initiative=initiative,
                to_status=form.cleaned_data["to_status"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Initiative: %(status)s.") % {"status": initiative.get_status_display()}
            )
            return redirect(initiative)
    context = _initiative_context(request, initiative, decision_form=form)
    return render(request, "accounts/initiative_detail.html", context, status=422)


@require_POST
def initiative_comment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Add a comment to the initiative's history."""
    initiative = get_initiative_for(request.user, public_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        services.initiative_comment(
            actor=request.user, initiative=initiative, comment=form.cleaned_data["comment"]
        )
    return redirect(initiative)


@require_POST
def milestone_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Add a milestone to the initiative."""
    initiative = get_initiative_for(request.user, public_id, "change")
    form = MilestoneForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        services.milestone_add(actor=request.user, initiative=initiative, **form.cleaned_data)
        return redirect(initiative)
    context = _initiative_context(request, initiative, milestone_form=form)
    return render(request, "accounts/initiative_detail.html", context, status=422)


@require_POST
def milestone_toggle(request: HttpRequest, public_id: UUID, milestone_id: UUID) -> HttpResponse:
    """Mark a milestone reached, or not reached any more."""
    initiative = get_initiative_for(request.user, public_id, "change")
    milestone = get_object_or_404(initiative.milestones, public_id=milestone_id)
    assert request.user.is_authenticated
    services.milestone_set_done(
        actor=request.user, milestone=milestone, done=milestone.done_on is None
    )
    return redirect(initiative)


@require_POST
def action_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Add an action; htmx gets the actions table back."""
    initiative = get_initiative_for(request.user, public_id, "change")
    form = ActionForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        services.action_add(actor=request.user, initiative=initiative, **form.cleaned_data)
        form = ActionForm()
    return _actions_response(request, initiative, form)


@require_POST
def action_status(request: HttpRequest, action_id: UUID) -> HttpResponse:
    """Move an action's status (its owner, or the initiative's editors); htmx gets the table."""
    action = get_action_for(request.user, action_id, "change")
    assert request.user.is_authenticated
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
    request: HttpRequest, initiative: StrategicInitiative, form: ActionForm | None
) -> HttpResponse:
    if getattr(request, "htmx", False):
        context = _actions_context(request, initiative, form)
        return render(request, "accounts/_actions.html", context)
    return redirect(initiative)


def overdue_actions(request: HttpRequest) -> HttpResponse:
    """Open actions past their due date that the user follows up (KAM: their accounts)."""
    qs = (
        InitiativeAction.objects.visible_to(request.user)
        .for_follow_up(request.user)
        .overdue(timezone.localdate())
        .select_related("initiative__key_account__customer", "owner")
        .order_by("due_on", "id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/overdue_actions.html", {"page_obj": page})


def _plan_context(request: HttpRequest, plan: AccountPlan, **forms_: object) -> dict[str, object]:
    lines = list(plan.lines.select_related("product_line"))
    can_edit = can_manage_key_account(request.user, plan.key_account)
    context: dict[str, object] = {
        "plan": plan,
        "account": plan.key_account,
        "lines": lines,
        "totals": _totals(lines),
        "completeness": plan.completeness(has_profit_plan=bool(lines)),
        "sections": [(label, getattr(plan, name)) for name, label in PLAN_SECTIONS],
        "revisions": plan.revisions.select_related("actor")[:10],
        "can_edit": can_edit,
        "form": PlanForm(instance=plan) if can_edit else None,
        "targets_form": TargetsForm(plan=plan, lines=lines) if can_edit else None,
    }
    context.update(forms_)
    return context


def _totals(lines: list[ProfitPlanLine]) -> dict[str, Decimal]:
    fields = ("current_revenue", "current_margin", "target_revenue", "target_margin")
    return {f: sum((getattr(line, f) for line in lines), Decimal(0)) for f in fields}


@require_POST
def plan_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Start the account's plan for a year (its KAM, or the director)."""
    account = get_key_account_for(request.user, public_id, "manage")
    form = NewPlanForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        try:
            plan = services.plan_create(
                actor=request.user, key_account=account, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(plan)
    return redirect(account)


@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A plan: its sections (edited by the KAM), profit plan, completeness and revisions."""
    plan = get_plan_for(request.user, public_id)
    if request.method == "GET":
        return render(request, "accounts/plan_detail.html", _plan_context(request, plan))
    plan = get_plan_for(request.user, public_id, "manage")
    form = PlanForm(request.POST, instance=plan)
    if form.is_valid():
        assert request.user.is_authenticated
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.plan_update(actor=request.user, plan=plan, version=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    plan = get_plan_for(request.user, public_id)
    context = _plan_context(request, plan, form=form)
    return render(request, "accounts/plan_detail.html", context, status=422)


@require_POST
def plan_targets(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Save the profit plan's targets."""
    plan = get_plan_for(request.user, public_id, "manage")
    lines = list(plan.lines.select_related("product_line"))
    form = TargetsForm(request.POST, plan=plan, lines=lines)
    if form.is_valid():
        assert request.user.is_authenticated
        try:
            services.plan_set_targets(
                actor=request.user,
                plan=plan,
                version=form.cleaned_data["version"],
                targets=form.targets(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Targets saved."))
            return redirect(plan)
    context = _plan_context(request, plan, targets_form=form)
    return render(request, "accounts/plan_detail.html", context, status=422)


@require_POST
def plan_refresh(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Fill the profit plan's current figures again from the sales data."""
    plan = get_plan_for(request.user, public_id, "manage")
    assert request.user.is_authenticated
    services.plan_refresh_actuals(actor=request.user, plan=plan)
    messages.success(request, _("Current figures taken from the sales data."))
    return redirect(plan)


@require_POST
def plan_copy(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Copy the plan into the next year."""
    plan = get_plan_for(request.user, public_id, "manage")
    assert request.user.is_authenticated
    try:
        copy = services.plan_copy(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(request, _("Plan copied into %(year)s.") % {"year": copy.year})
    return redirect(copy)


def plan_export(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The plan as an XLSX workbook."""
    plan = get_plan_for(request.user, public_id)
    body = build_plan_xlsx(plan_export_data(plan))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = slugify(f"{plan.key_account.customer.name}-{plan.year}") or "plan"
    response["Content-Disposition"] = f'attachment; filename="plan-{name}.xlsx"'
    return response


@require_POST
def resource_request_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Ask a profit centre for resources for the initiative."""
    initiative = get_initiative_for(request.user, public_id, "change")
    form = ResourceRequestForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        try:
            services.resource_request_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Request sent to the profit centre."))
            return redirect(initiative)
    context = _initiative_context(request, initiative, request_form=form)
    return render(request, "accounts/initiative_detail.html", context, status=422)


def _inbox_context(request: HttpRequest) -> dict[str, object]:
    pending = (
        ResourceRequest.objects.visible_to(request.user)
        .to_answer_by(request.user)
        .select_related("business_unit", "initiative__key_account__customer", "requested_by")
    )
    return {"pending": [(r, AnswerForm(initial={"version": r.version})) for r in pending]}


def resource_inbox(request: HttpRequest) -> HttpResponse:
    """Pending requests to the profit centres the user directs, waiting longest first."""
    return render(request, "accounts/resource_inbox.html", _inbox_context(request))


@require_POST
def resource_request_answer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Commit, partly commit or decline a request; htmx gets the inbox list back."""
    resource_request = get_resource_request_for(request.user, public_id, "answer")
    form = AnswerForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        try:
            services.resource_request_answer(
                actor=request.user, request=resource_request, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Answer recorded."))
    else:
        messages.error(request, _("Choose an answer."))
    if getattr(request, "htmx", False):
        return render(request, "accounts/_inbox.html", _inbox_context(request))
    return redirect("accounts:resource-inbox")


def resource_alignment(request: HttpRequest) -> HttpResponse:
    """Asked vs committed by profit centre and by account, and the requests waiting longest."""
    return render(
        request, "accounts/resource_alignment.html", selectors.resource_alignment(request.user)
    )


@require_http_methods(["GET", "POST"])
def stakeholder_map(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The account's stakeholder map: people, red flags, org chart; the KAM adds people here."""
    account = get_key_account_for(request.user, public_id)
    can_manage = can_manage_key_account(request.user, account)
    form = StakeholderForm(account=account) if can_manage else None
    status = 200
    if request.method == "POST":
        account = get_key_account_for(request.user, public_id, "manage")
        form = StakeholderForm(request.POST, account=account)
        if form.is_valid():
            assert request.user.is_authenticated
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.stakeholder_add(actor=request.user, key_account=account, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Stakeholder added."))
                return redirect("accounts:stakeholder-map", public_id=account.public_id)
        status = 422
    context = {
        "account": account,
        "form": form,
        "can_manage": can_manage,
        **selectors.stakeholder_map(account, timezone.localdate()),
    }
    return render(request, "accounts/stakeholder_map.html", context, status=status)


@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Edit one stakeholder (the KAM, or the owner of the relationship)."""
    stakeholder = get_stakeholder_for(request.user, public_id, "change")
    account = stakeholder.key_account
    form = StakeholderForm(request.POST or None, instance=stakeholder, account=account)
    if request.method == "POST" and form.is_valid():
        assert request.user.is_authenticated
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        if not can_manage_key_account(request.user, account):
            data.pop("owner", None)
        try:
            services.stakeholder_update(
                actor=request.user, stakeholder=stakeholder, version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Stakeholder saved."))
            return redirect("accounts:stakeholder-map", public_id=account.public_id)
    context = {
        "account": account,
        "stakeholder": stakeholder,
        "form": form,
        "can_manage": can_manage_key_account(request.user, account),
    }
    return render(request, "accounts/stakeholder_form.html", context)


@require_http_methods(["GET", "POST"])
def white_space(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The account's white-space matrix by country or division; the KAM marks cells (htmx
    re-renders the matrix)."""
    account = get_key_account_for(request.user, public_id)
    by: selectors.WhiteSpaceBy = "division" if request.GET.get("by") == "division" else "country"
    can_manage = can_manage_key_account(request.user, account)
    form = WhiteSpaceForm(account=account, by=by) if can_manage else None
    if request.method == "POST":
        account = get_key_account_for(request.user, public_id, "manage")
        form = WhiteSpaceForm(request.POST, account=account, by=by)
        if form.is_valid():
            try:
                services.white_space_mark(
                    actor=request.user,  # type: ignore[arg-type]
                    key_account=account,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                form = WhiteSpaceForm(account=account, by=by)
    context = {"account": account, "form": form, **selectors.white_space(account, by)}
    template = "accounts/_white_space.html" if getattr(request, "htmx", False) else None
    return render(request, template or "accounts/white_space.html", context)


def _team_context(
    request: HttpRequest, account: KeyAccount, form: object = None
) -> dict[str, object]:
    can_manage = can_manage_key_account(request.user, account)
    return {
        "account": account,
        "can_manage": can_manage,
        "form": (form or TeamMemberForm()) if can_manage else None,
        "letters": RaciAssignment.Letter.choices,
        **selectors.raci_chart(account),
    }


@require_http_methods(["GET", "POST"])
def account_team(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The account team with roles and time allocation, and the RACI chart over initiatives."""
    account = get_key_account_for(request.user, public_id)
    if request.method == "GET":
        return render(request, "accounts/team.html", _team_context(request, account))
    account = get_key_account_for(request.user, public_id, "manage")
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        assert request.user.is_authenticated
        try:
            services.team_member_add(actor=request.user, key_account=account, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Team member added."))
            return redirect("accounts:account-team", public_id=account.public_id)
    context = _team_context(request, account, form)
    return render(request, "accounts/team.html", context, status=422)


@require_POST
def raci_cell(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Set one member's part in one initiative; htmx gets the chart back."""
    account = get_key_account_for(request.user, public_id, "manage")
    initiative = get_object_or_404(account.initiatives, public_id=request.POST.get("initiative"))
    member = get_object_or_404(account.team, public_id=request.POST.get("member"))
    assert request.user.is_authenticated
    try:
        services.raci_set(
            actor=request.user,
            initiative=initiative,
            member=member,
            letter=request.POST.get("letter", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if getattr(request, "htmx", False):
        return render(request, "accounts/_raci.html", _team_context(request, account))
    return redirect("accounts:account-team", public_id=account.public_id)


def initiatives_to_decide(request: HttpRequest) -> HttpResponse:
    """Submitted initiatives the user may decide on (as sponsor or committee), oldest first."""
    qs = (
        StrategicInitiative.objects.visible_to(request.user, "decide")
        .filter(status=StrategicInitiative.Status.SUBMITTED)
        .select_related("key_account__customer", "owner")
        .order_by("updated_at", "id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/initiatives_to_decide.html", {"page_obj": page})


@require_POST
def team_member_remove(request: HttpRequest, public_id: UUID, member_id: UUID) -> HttpResponse:
    """Take someone off the team (the account's KAM)."""
    account = get_key_account_for(request.user, public_id, "manage")
    member = get_object_or_404(account.team, public_id=member_id)
    assert request.user.is_authenticated
    services.team_member_remove(actor=request.user, member=member)
    messages.success(request, _("Team member removed."))
    return redirect("accounts:account-team", public_id=account.public_id)


@require_POST
def stakeholder_remove(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Take a person off the map (the account's KAM)."""
    stakeholder = get_stakeholder_for(request.user, public_id)
    account = get_key_account_for(request.user, stakeholder.key_account.public_id, "manage")
    assert request.user.is_authenticated
    services.stakeholder_remove(actor=request.user, stakeholder=stakeholder)
    messages.success(request, _("Stakeholder removed."))
    return redirect("accounts:stakeholder-map", public_id=account.public_id)
