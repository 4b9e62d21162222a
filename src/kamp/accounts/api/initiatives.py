"""API operations on strategic initiatives: workflow, comments, milestones and actions."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.http import Http404
from ninja import Query, Status

from kamp.accounts import selectors, services
from kamp.accounts.api.common import LIST_ERRORS, person, router
from kamp.accounts.permissions import get_action_for, get_initiative_for, get_key_account_for
from kamp.accounts.schemas import (
    InitiativeActionFilterIn,
    InitiativeActionIn,
    InitiativeActionOut,
    InitiativeActionPage,
    InitiativeActionPatchIn,
    InitiativeCommentIn,
    InitiativeDetailOut,
    InitiativeFilterIn,
    InitiativeIn,
    InitiativeMilestoneIn,
    InitiativeMilestoneOut,
    InitiativeMilestonePatchIn,
    InitiativePage,
    InitiativePatchIn,
    InitiativeTransitionIn,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.accounts.models import (
        InitiativeAction,
        InitiativeRight,
        Milestone,
        StrategicInitiative,
    )
    from kamp.users.models import User


def _detail(user: User, initiative_id: uuid.UUID) -> StrategicInitiative:
    """The initiative as ``InitiativeDetailOut`` reads it: history, milestones and actions."""
    return selectors.with_initiative_detail(get_initiative_for(user, initiative_id))


def _people(fields: dict[str, Any]) -> dict[str, Any]:
    if "owner" in fields:
        fields["owner"] = person(fields["owner"], "owner")
    return fields


@router.get(
    "/key-accounts/{key_account_id}/initiatives",
    response={200: InitiativePage, **READ_ERRORS},
)
def list_initiatives(
    request: HttpRequest, key_account_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """The strategic initiatives of a key account."""
    account = get_key_account_for(request_user(request), key_account_id)
    return paginate(selectors.account_initiatives(account), page)


@router.post(
    "/key-accounts/{key_account_id}/initiatives",
    response={201: InitiativeDetailOut, **WRITE_ERRORS},
)
def create_initiative(
    request: HttpRequest, key_account_id: uuid.UUID, payload: InitiativeIn
) -> Status[StrategicInitiative]:
    """Draft an initiative (the account's KAM, or the programme director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    fields = _people(payload.model_dump())
    created = services.initiative_create(actor=user, key_account=account, **fields)
    return Status(201, _detail(user, created.public_id))


@router.get("/initiatives", response={200: InitiativePage, **LIST_ERRORS})
def list_all_initiatives(
    request: HttpRequest, filters: Query[InitiativeFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Initiatives of the accounts you see; ``to_decide``: those waiting for your decision."""
    right: InitiativeRight = "decide" if filters.to_decide else "view"
    initiatives = selectors.initiative_list(request_user(request), right=right)
    return paginate(filters.filter(initiatives), page)


@router.get("/initiatives/{initiative_id}", response={200: InitiativeDetailOut, **READ_ERRORS})
def get_initiative(request: HttpRequest, initiative_id: uuid.UUID) -> StrategicInitiative:
    """One initiative with its history, milestones and actions."""
    return _detail(request_user(request), initiative_id)


@router.patch("/initiatives/{initiative_id}", response={200: InitiativeDetailOut, **WRITE_ERRORS})
def update_initiative(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativePatchIn
) -> StrategicInitiative:
    """Change a draft (or an initiative sent back for changes); send the version you read."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    fields = _people(payload.model_dump(exclude_unset=True))
    version = fields.pop("version")
    services.initiative_update(actor=user, initiative=initiative, version=version, **fields)
    return _detail(user, initiative_id)


@router.post(
    "/initiatives/{initiative_id}/transitions",
    response={200: InitiativeDetailOut, **WRITE_ERRORS},
)
def transition_initiative(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeTransitionIn
) -> StrategicInitiative:
    """Submit (KAM, owner) or decide: validate, reject, ask for changes (sponsor, committee)."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id)
    services.initiative_transition(
        actor=user,
        initiative=initiative,
        to_status=payload.to_status,
        comment=payload.comment,
        version=payload.version,
    )
    return _detail(user, initiative_id)


@router.post(
    "/initiatives/{initiative_id}/comments",
    response={201: InitiativeDetailOut, **WRITE_ERRORS},
)
def comment_initiative(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeCommentIn
) -> Status[StrategicInitiative]:
    """Add a comment to the initiative's history."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id)
    services.initiative_comment(actor=user, initiative=initiative, comment=payload.comment)
    return Status(201, _detail(user, initiative_id))


@router.post(
    "/initiatives/{initiative_id}/milestones",
    response={201: InitiativeDetailOut, **WRITE_ERRORS},
)
def add_milestone(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeMilestoneIn
) -> Status[StrategicInitiative]:
    """Add a milestone."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    services.milestone_add(
        actor=user, initiative=initiative, title=payload.title, due_on=payload.due_on
    )
    return Status(201, _detail(user, initiative_id))


@router.patch("/milestones/{milestone_id}", response={200: InitiativeMilestoneOut, **WRITE_ERRORS})
def update_milestone(
    request: HttpRequest, milestone_id: uuid.UUID, payload: InitiativeMilestonePatchIn
) -> Milestone:
    """Mark a milestone reached (today) or not."""
    user = request_user(request)
    milestone = selectors.milestone_visible(user, milestone_id)
    if milestone is None:
        raise Http404
    return services.milestone_set_done(actor=user, milestone=milestone, done=payload.done)


@router.post(
    "/initiatives/{initiative_id}/actions", response={201: InitiativeActionOut, **WRITE_ERRORS}
)
def add_action(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeActionIn
) -> Status[InitiativeAction]:
    """Add an action (owner, due date, status)."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    fields = _people(payload.model_dump())
    return Status(201, services.action_add(actor=user, initiative=initiative, **fields))


@router.get("/initiative-actions", response={200: InitiativeActionPage, **LIST_ERRORS})
def list_actions(
    request: HttpRequest, filters: Query[InitiativeActionFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Actions you follow up: all for the director, your accounts' for a KAM, else your own."""
    actions = selectors.follow_up_actions(request_user(request))
    return paginate(filters.filter(actions), page)


@router.patch(
    "/initiative-actions/{action_id}", response={200: InitiativeActionOut, **WRITE_ERRORS}
)
def update_action(
    request: HttpRequest, action_id: uuid.UUID, payload: InitiativeActionPatchIn
) -> InitiativeAction:
    """Change an action; its owner may move its status. Send the version you read."""
    user = request_user(request)
    action = get_action_for(user, action_id)
    fields = _people(payload.model_dump(exclude_unset=True))
    version = fields.pop("version")
    return services.action_update(actor=user, action=action, version=version, **fields)
