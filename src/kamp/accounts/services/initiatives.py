"""Writes on strategic initiatives: drafting, the workflow, comments, milestones and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    InitiativeAction,
    InitiativeEvent,
    KeyAccount,
    Milestone,
    StrategicInitiative,
)
from kamp.accounts.permissions import can_initiative, can_manage_key_account
from kamp.accounts.services.common import bump_version, local_today, require_initiative_right
from kamp.core.audit import audit_record, diff_fields

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from kamp.accounts.models import InitiativeRight
    from kamp.users.models import User


Status = StrategicInitiative.Status

#: The initiative workflow: for each move, where it may start and the right it needs.
WORKFLOW: dict[str, tuple[frozenset[str], InitiativeRight]] = {
    Status.SUBMITTED: (frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}), "change"),
    Status.VALIDATED: (frozenset({Status.SUBMITTED}), "decide"),
    Status.REJECTED: (frozenset({Status.SUBMITTED}), "decide"),
    Status.CHANGES_REQUESTED: (frozenset({Status.SUBMITTED}), "decide"),
}
#: Decisions that must say why.
NEEDS_COMMENT = frozenset({Status.REJECTED, Status.CHANGES_REQUESTED})
INITIATIVE_FIELDS = ("title", "objective", "expected_value", "investment", "owner")
ACTION_FIELDS = ("title", "owner", "due_on", "status")


class InitiativeFields(TypedDict, total=False):
    """An initiative's content besides its title (``initiative_create``)."""

    objective: str
    expected_value: Decimal | None
    investment: Decimal | None
    owner: User | None


class InitiativeChanges(InitiativeFields, total=False):
    """What ``initiative_update`` may change."""

    title: str


class ActionFields(TypedDict, total=False):
    """An action besides its title (``action_add``)."""

    owner: User | None
    due_on: dt.date | None
    status: str


class ActionChanges(ActionFields, total=False):
    """What ``action_update`` may change."""

    title: str


def _event(
    initiative: StrategicInitiative, actor: User, old: str, new: str, comment: str = ""
) -> InitiativeEvent:
    return InitiativeEvent.objects.create(
        initiative=initiative, actor=actor, from_status=old, to_status=new, comment=comment
    )


@transaction.atomic
def initiative_create(
    *, actor: User, key_account: KeyAccount, title: str, **fields: Unpack[InitiativeFields]
) -> StrategicInitiative:
    """Draft a strategic initiative on a key account (its KAM, or the director)."""
    if not can_manage_key_account(actor, key_account):
        raise PermissionDenied
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    initiative = StrategicInitiative(key_account=key_account, title=title, **fields)
    initiative.full_clean()
    initiative.save()
    _event(initiative, actor, "", Status.DRAFT)
    audit_record(
        actor=actor, action="initiative.create", obj=initiative, changes={"title": [None, title]}
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User,
    initiative: StrategicInitiative,
    version: int,
    **fields: Unpack[InitiativeChanges],
) -> StrategicInitiative:
    """Change an initiative's content while it is a draft or sent back for changes."""
    require_initiative_right(actor, initiative, "change")
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = StrategicInitiative.objects.get(pk=initiative.pk)
    if not stored.is_editable:
        raise ValidationError(
            _("A %(status)s initiative cannot be edited.")
            % {"status": stored.get_status_display().lower()}
        )
    bump_version(StrategicInitiative, stored.pk, version, _("initiative"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(initiative, key, value)
    initiative.version = version + 1
    initiative.status = stored.status
    initiative.full_clean()
    initiative.save()
    changes = diff_fields(before, dict(fields))
    audit_record(actor=actor, action="initiative.update", obj=initiative, changes=changes)
    return initiative


@transaction.atomic
def initiative_transition(
    *,
    actor: User,
    initiative: StrategicInitiative,
    to_status: str,
    comment: str = "",
    version: int | None = None,
) -> StrategicInitiative:
    """Submit an initiative, or decide on it: validate, reject or ask for changes (with a why)."""
    if to_status not in WORKFLOW:
        raise ValidationError({"status": _("Unknown step: %(step)s") % {"step": to_status}})
    sources, right = WORKFLOW[to_status]
    require_initiative_right(actor, initiative, right)
    stored = StrategicInitiative.objects.select_for_update().get(pk=initiative.pk)
    if stored.status not in sources:
        raise ValidationError(
            {
                "status": _("A %(old)s initiative cannot become %(new)s.")
                % {"old": stored.get_status_display().lower(), "new": Status(to_status).label}
            }
        )
    if to_status in NEEDS_COMMENT and not comment.strip():
        raise ValidationError({"comment": _("Say why, so the team knows what to do.")})
    bump_version(StrategicInitiative, stored.pk, version or stored.version, _("initiative"))
    StrategicInitiative.objects.filter(pk=stored.pk).update(status=to_status)
    initiative.status, initiative.version = to_status, (version or stored.version) + 1
    _event(initiative, actor, stored.status, to_status, comment.strip())
    audit_record(
        actor=actor,
        action=f"initiative.{to_status}",
        obj=initiative,
        changes={"status": [stored.status, to_status], "comment": [None, comment.strip()]},
    )
    return initiative


@transaction.atomic
def initiative_comment(
    *, actor: User, initiative: StrategicInitiative, comment: str
) -> InitiativeEvent:
    """Add a comment to the initiative's history (whoever may change or decide it)."""
    if not (
        can_initiative(actor, initiative, "change") or can_initiative(actor, initiative, "decide")
    ):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Write a comment.")})
    return _event(initiative, actor, "", "", comment.strip())


@transaction.atomic
def milestone_add(
    *, actor: User, initiative: StrategicInitiative, title: str, due_on: dt.date
) -> Milestone:
    """Add a milestone to an initiative (whoever may change it)."""
    require_initiative_right(actor, initiative, "change")
    milestone = Milestone(initiative=initiative, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    audit_record(
        actor=actor, action="milestone.add", obj=milestone, changes={"title": [None, title]}
    )
    return milestone


@transaction.atomic
def milestone_set_done(*, actor: User, milestone: Milestone, done: bool) -> Milestone:
    """Mark a milestone reached (today) or not reached."""
    require_initiative_right(actor, milestone.initiative, "change")
    milestone.done_on = local_today() if done else None
    milestone.save(update_fields=["done_on", "updated_at"])
    audit_record(
        actor=actor, action="milestone.done", obj=milestone, changes={"done": [None, done]}
    )
    return milestone


@transaction.atomic
def action_add(
    *, actor: User, initiative: StrategicInitiative, title: str, **fields: Unpack[ActionFields]
) -> InitiativeAction:
    """Add an action (owner, due date) to an initiative (whoever may change it)."""
    require_initiative_right(actor, initiative, "change")
    action = InitiativeAction(initiative=initiative, title=title, **fields)
    action.full_clean()
    action.save()
    audit_record(actor=actor, action="action.add", obj=action, changes={"title": [None, title]})
    return action


@transaction.atomic
def action_update(
    *, actor: User, action: InitiativeAction, version: int, **fields: Unpack[ActionChanges]
) -> InitiativeAction:
    """Change an action: its owner may move its status; the initiative's editors change anything."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    owner_only = action.owner_id == actor.pk and not set(fields) - {"status"}
    if not owner_only and not can_initiative(actor, action.initiative, "change"):
        raise PermissionDenied
    stored = InitiativeAction.objects.get(pk=action.pk)
    bump_version(InitiativeAction, stored.pk, version, _("action"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(action, key, value)
    action.version = version + 1
    action.full_clean()
    action.save()
    audit_record(
        actor=actor, action="action.update", obj=action, changes=diff_fields(before, dict(fields))
    )
    return action
