"""Pages of the stakeholder map: people, red flags, org chart; adding, editing, removing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts import selectors, services
from kamp.accounts.forms import StakeholderForm
from kamp.accounts.permissions import (
    can_manage_key_account,
    get_key_account_for,
    get_stakeholder_for,
)
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def stakeholder_map(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The account's stakeholder map: people, red flags, org chart; the KAM adds people here."""
    account = get_key_account_for(request.user, public_id)
    can_manage = can_manage_key_account(request.user, account)
    form = StakeholderForm(account=account) if can_manage else None
    status = 200
    if request.method == "POST":
        account = get_key_account_for(request.user, public_id, "manage")
        bound = StakeholderForm(request.POST, account=account)
        if bound.is_valid() and call_service(
            bound,
            lambda: services.stakeholder_add(
                actor=request.user, key_account=account, **bound.content()
            ),
        ):
            messages.success(request, _("Stakeholder added."))
            return redirect("accounts:stakeholder-map", public_id=account.public_id)
        form, status = bound, 422
    context = {
        "account": account,
        "form": form,
        "can_manage": can_manage,
        **selectors.stakeholder_map(account, timezone.localdate()),
    }
    return render(request, "accounts/stakeholder_map.html", context, status=status)


@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Edit one stakeholder (the KAM, or the owner of the relationship)."""
    stakeholder = get_stakeholder_for(request.user, public_id, "change")
    account = stakeholder.key_account
    can_manage = can_manage_key_account(request.user, account)
    form = StakeholderForm(request.POST or None, instance=stakeholder, account=account)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            lambda: services.stakeholder_update(
                actor=request.user,
                stakeholder=stakeholder,
                version=form.cleaned_data["version"] or 0,
                **form.content(with_owner=can_manage),
            ),
        )
    ):
        messages.success(request, _("Stakeholder saved."))
        return redirect("accounts:stakeholder-map", public_id=account.public_id)
    context = {
        "account": account,
        "stakeholder": stakeholder,
        "form": form,
        "can_manage": can_manage_key_account(request.user, account),
    }
    return render(request, "accounts/stakeholder_form.html", context)


@require_POST
def stakeholder_remove(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Take a person off the map (the account's KAM)."""
    stakeholder = get_stakeholder_for(request.user, public_id)
    account = get_key_account_for(request.user, stakeholder.key_account.public_id, "manage")
    services.stakeholder_remove(actor=request.user, stakeholder=stakeholder)
    messages.success(request, _("Stakeholder removed."))
    return redirect("accounts:stakeholder-map", public_id=account.public_id)
