"""Pages of account plans: sections, profit plan, completeness, revisions, copy and export."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts import selectors, services
from kamp.accounts.exports import build_plan_xlsx, plan_export_data
from kamp.accounts.forms import NewPlanForm, PlanForm, TargetsForm
from kamp.accounts.models import PLAN_SECTIONS
from kamp.accounts.permissions import can_manage_key_account, get_key_account_for, get_plan_for
from kamp.core.forms import call_service
from kamp.organisation.selectors import company_currency

if TYPE_CHECKING:
    from uuid import UUID

    from kamp.accounts.models import AccountPlan, ProfitPlanLine
    from kamp.users.http import AuthenticatedHttpRequest

DETAIL = "accounts/plan_detail.html"


def _plan_context(
    request: AuthenticatedHttpRequest, plan: AccountPlan, **forms_: object
) -> dict[str, object]:
    lines = selectors.plan_lines(plan, actor=request.user)
    can_edit = can_manage_key_account(request.user, plan.key_account)
    context: dict[str, object] = {
        "plan": plan,
        "account": plan.key_account,
        "lines": lines,
        "totals": _totals(lines),
        "completeness": plan.completeness(has_profit_plan=bool(lines)),
        "sections": [(label, getattr(plan, name)) for name, label in PLAN_SECTIONS],
        "revisions": selectors.plan_revisions(plan, limit=10),
        "can_edit": can_edit,
        "form": PlanForm(instance=plan) if can_edit else None,
        "targets_form": TargetsForm(plan=plan, lines=lines) if can_edit else None,
    }
    context.update(forms_)
    return context


def _totals(lines: list[ProfitPlanLine]) -> dict[str, Decimal | None]:
    """Column sums; ``None`` for targets the reader may not see (blanked lines)."""
    fields = ("current_revenue", "current_margin", "target_revenue", "target_margin")
    totals: dict[str, Decimal | None] = {}
    for f in fields:
        values = [getattr(line, f) for line in lines]
        totals[f] = None if None in values else sum(values, Decimal(0))
    return totals


@require_POST
def plan_create(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Start the account's plan for a year (its KAM, or the director)."""
    account = get_key_account_for(request.user, public_id, "manage")
    form = NewPlanForm(request.POST)
    if form.is_valid():
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
def plan_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A plan: its sections (edited by the KAM), profit plan, completeness and revisions."""
    plan = get_plan_for(request.user, public_id)
    if request.method == "GET":
        return render(request, DETAIL, _plan_context(request, plan))
    plan = get_plan_for(request.user, public_id, "manage")
    form = PlanForm(request.POST, instance=plan)
    if form.is_valid() and call_service(
        form,
        lambda: services.plan_update(
            actor=request.user,
            plan=plan,
            version=form.cleaned_data["version"],
            **form.content(),
        ),
    ):
        messages.success(request, _("Plan saved."))
        return redirect(plan)
    plan = get_plan_for(request.user, public_id)
    context = _plan_context(request, plan, form=form)
    return render(request, DETAIL, context, status=422)


@require_POST
def plan_targets(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Save the profit plan's targets."""
    plan = get_plan_for(request.user, public_id, "manage")
    form = TargetsForm(
        request.POST, plan=plan, lines=selectors.plan_lines(plan, actor=request.user)
    )
    if form.is_valid() and call_service(
        form,
        lambda: services.plan_set_targets(
            actor=request.user,
            plan=plan,
            version=form.cleaned_data["version"],
            targets=form.targets(),
        ),
    ):
        messages.success(request, _("Targets saved."))
        return redirect(plan)
    context = _plan_context(request, plan, targets_form=form)
    return render(request, DETAIL, context, status=422)


@require_POST
def plan_refresh(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Fill the profit plan's current figures again from the sales data."""
    plan = get_plan_for(request.user, public_id, "manage")
    services.plan_refresh_actuals(actor=request.user, plan=plan)
    messages.success(request, _("Current figures taken from the sales data."))
    return redirect(plan)


@require_POST
def plan_copy(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Copy the plan into the next year."""
    plan = get_plan_for(request.user, public_id, "manage")
    try:
        copy = services.plan_copy(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(request, _("Plan copied into %(year)s.") % {"year": copy.year})
    return redirect(copy)


def plan_export(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The plan as an XLSX workbook."""
    plan = get_plan_for(request.user, public_id)
    body = build_plan_xlsx(
        plan_export_data(plan, actor=request.user, currency=company_currency(request))
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = slugify(f"{plan.key_account.customer.name}-{plan.year}") or "plan"
    response["Content-Disposition"] = f'attachment; filename="plan-{name}.xlsx"'
    return response
