"""API operations on the account team and its RACI chart."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Status

from kamp.accounts import selectors, services
from kamp.accounts.api.common import person, router
from kamp.accounts.permissions import get_key_account_for
from kamp.accounts.schemas import RaciIn, TeamMemberIn, TeamMemberOut, TeamOut
from kamp.core.api import READ_ERRORS, WRITE_ERRORS
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.accounts.models import TeamMember


@router.get("/key-accounts/{key_account_id}/team", response={200: TeamOut, **READ_ERRORS})
def get_team(request: HttpRequest, key_account_id: uuid.UUID) -> dict[str, Any]:
    """The account team (roles, time allocation) and its RACI chart over the initiatives."""
    return selectors.raci_chart(get_key_account_for(request_user(request), key_account_id))


@router.post("/key-accounts/{key_account_id}/team", response={201: TeamMemberOut, **WRITE_ERRORS})
def add_team_member(
    request: HttpRequest, key_account_id: uuid.UUID, payload: TeamMemberIn
) -> Status[TeamMember]:
    """Add a user, or a person without a login, to the team (the account's KAM)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    member = services.team_member_add(
        actor=user,
        key_account=account,
        user=person(payload.user, "user"),
        name=payload.name,
        role=payload.role,
        allocation=payload.allocation,
    )
    return Status(201, member)


@router.put("/key-accounts/{key_account_id}/raci", response={200: TeamOut, **WRITE_ERRORS})
def set_raci(request: HttpRequest, key_account_id: uuid.UUID, payload: RaciIn) -> dict[str, Any]:
    """Set (or clear) one member's part in one initiative."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    initiative = selectors.initiative_of_account(account, payload.initiative)
    member = selectors.team_member_of_account(account, payload.member)
    if initiative is None or member is None:
        raise ValidationError(_("Unknown initiative or team member of this account."))
    services.raci_set(actor=user, initiative=initiative, member=member, letter=payload.letter)
    return selectors.raci_chart(account)


@router.delete("/team-members/{member_id}", response={204: None, **WRITE_ERRORS})
def remove_team_member(request: HttpRequest, member_id: uuid.UUID) -> Status[None]:
    """Take someone off a team (the account's KAM); their RACI parts go with them."""
    user = request_user(request)
    member = selectors.team_member_visible(user, member_id)
    if member is None:
        raise Http404
    services.team_member_remove(actor=user, member=member)
    return Status(204, None)
