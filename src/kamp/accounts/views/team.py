"""Pages of the account team: members, roles, time allocation and the RACI chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kamp.accounts import selectors, services
from kamp.accounts.forms import TeamMemberForm
from kamp.accounts.models import RaciAssignment
from kamp.accounts.permissions import can_manage_key_account, get_key_account_for
from kamp.core.forms import call_service

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.accounts.models import KeyAccount
    from kamp.users.http import AuthenticatedHttpRequest


def _team_context(
    request: AuthenticatedHttpRequest, account: KeyAccount, form: TeamMemberForm | None = None
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
def account_team(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The account team with roles and time allocation, and the RACI chart over initiatives."""
    account = get_key_account_for(request.user, public_id)
    if request.method == "GET":
        return render(request, "accounts/team.html", _team_context(request, account))
    account = get_key_account_for(request.user, public_id, "manage")
    form = TeamMemberForm(request.POST)
    if form.is_valid() and call_service(
        form,
        lambda: services.team_member_add(
            actor=request.user, key_account=account, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Team member added."))
        return redirect("accounts:account-team", public_id=account.public_id)
    context = _team_context(request, account, form)
    return render(request, "accounts/team.html", context, status=422)


@require_POST
def raci_cell(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Set one member's part in one initiative; htmx gets the chart back."""
    account = get_key_account_for(request.user, public_id, "manage")
    initiative = selectors.initiative_of_account(account, request.POST.get("initiative"))
    member = selectors.team_member_of_account(account, request.POST.get("member"))
    if initiative is None or member is None:
        raise Http404
    try:
        services.raci_set(
            actor=request.user,
            initiative=initiative,
            member=member,
            letter=request.POST.get("letter", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return render(request, "accounts/_raci.html", _team_context(request, account))
    return redirect("accounts:account-team", public_id=account.public_id)


@require_POST
def team_member_remove(
    request: AuthenticatedHttpRequest, public_id: UUID, member_id: UUID
) -> HttpResponse:
    """Take someone off the team (the account's KAM)."""
    account = get_key_account_for(request.user, public_id, "manage")
    member = selectors.team_member_of_account(account, member_id)
    if member is None:
        raise Http404
    services.team_member_remove(actor=request.user, member=member)
    messages.success(request, _("Team member removed."))
    return redirect("accounts:account-team", public_id=account.public_id)
