"""The white-space page: a key account's countries (or divisions) x product lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from kamp.accounts import selectors, services
from kamp.accounts.forms import WhiteSpaceForm
from kamp.accounts.permissions import can_manage_key_account, get_key_account_for
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def white_space(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The account's white-space matrix by country or division; the KAM marks cells (htmx
    re-renders the matrix)."""
    account = get_key_account_for(request.user, public_id)
    by: selectors.WhiteSpaceBy = "division" if request.GET.get("by") == "division" else "country"
    can_manage = can_manage_key_account(request.user, account)
    form = WhiteSpaceForm(account=account, by=by) if can_manage else None
    if request.method == "POST":
        account = get_key_account_for(request.user, public_id, "manage")
        bound = WhiteSpaceForm(request.POST, account=account, by=by)
        marked = bound.is_valid() and call_service(
            bound,
            lambda: services.white_space_mark(
                actor=request.user, key_account=account, **bound.cleaned_data
            ),
        )
        form = WhiteSpaceForm(account=account, by=by) if marked else bound
    context = {
        "account": account,
        "form": form,
        **selectors.white_space(account, by, actor=request.user),
    }
    template = "accounts/_white_space.html" if request.htmx else "accounts/white_space.html"
    return render(request, template, context)
