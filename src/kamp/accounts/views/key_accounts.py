"""Pages of key accounts: the list, and one account with its KAM, tier, status and profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts import selectors, services
from kamp.accounts.forms import KeyAccountForm, KeyAccountProfileForm, NewPlanForm
from kamp.accounts.models import KeyAccount
from kamp.accounts.permissions import (
    can_change_key_account,
    can_manage_key_account,
    get_key_account_for,
)
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


def key_account_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Key accounts the user may see, filtered by status (current ones by default)."""
    status = request.GET.get("status", "")
    qs = selectors.key_account_list(request.user, status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    context = {"page_obj": page, "status": status, "statuses": KeyAccount.Status.choices}
    return render(request, "accounts/key_account_list.html", context)


@require_http_methods(["GET", "POST"])
def key_account_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A key account; the programme director assigns its KAM, tier and status here."""
    account = get_key_account_for(request.user, public_id)
    can_change = can_change_key_account(request.user, account)
    form = KeyAccountForm(instance=account) if can_change else None
    if request.method == "POST":
        target = get_key_account_for(request.user, public_id, "change")
        bound = KeyAccountForm(request.POST or None, instance=account)
        if bound.is_valid() and call_service(
            bound,
            lambda: services.key_account_update(
                actor=request.user, key_account=target, **bound.cleaned_data
            ),
        ):
            messages.success(request, _("Key account saved."))
            return redirect(target)
        account, form = target, bound
    context = {
        "account": account,
        "form": form,
        "can_change": can_change,
        "initiatives": selectors.initiatives_with_overdue(account),
        "plans": selectors.plans_with_completeness(account),
        "new_plan_form": NewPlanForm(initial={"year": timezone.localdate().year}),
        "can_manage": can_manage_key_account(request.user, account),
        **_profile_context(request, account, None),
    }
    return render(request, "accounts/key_account_detail.html", context)


def _profile_context(
    request: AuthenticatedHttpRequest, account: KeyAccount, form: KeyAccountProfileForm | None
) -> dict[str, object]:
    can_manage = can_manage_key_account(request.user, account)
    if can_manage and form is None:
        form = KeyAccountProfileForm(instance=account)
    return {
        "account": account,
        "profile_form": form if can_manage else None,
        "stage_changes": selectors.stage_history(account, limit=10),
    }


@require_POST
def key_account_profile(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Save the relationship stage and scope (htmx: answers the profile card again)."""
    account = get_key_account_for(request.user, public_id, "manage")
    form = KeyAccountProfileForm(request.POST, instance=account)
    saved = form.is_valid() and call_service(
        form,
        lambda: services.key_account_update_profile(
            actor=request.user,
            key_account=account,
            version=form.cleaned_data["version"],
            relationship_stage=form.cleaned_data["relationship_stage"],
            target_stage=form.cleaned_data["target_stage"],
            countries=form.cleaned_data["countries"],
            business_units=form.cleaned_data["business_units"],
        ),
    )
    if saved:
        account = get_key_account_for(request.user, public_id)
        messages.success(request, _("Relationship and scope saved."))
        if not request.htmx:
            return redirect(account)
    context = _profile_context(request, account, None if saved else form)
    if request.htmx:
        return render(request, "accounts/_profile.html", context)
    return render(request, "accounts/_profile.html", context, status=422)
