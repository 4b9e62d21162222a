"""Pages of key accounts: the list, and one account with its KAM, tier and status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts import services
from kamp.accounts.forms import KeyAccountForm, KeyAccountProfileForm
from kamp.accounts.models import KeyAccount
from kamp.accounts.permissions import (
    can_change_key_account,
    can_manage_key_account,
    get_key_account_for,
)
from kamp.core.forms import add_service_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse


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
        **_profile_context(request, account, None),
    }
    return render(request, "accounts/key_account_detail.html", context)


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
