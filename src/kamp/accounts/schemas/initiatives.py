"""What the API reads and writes for strategic initiatives, their milestones and actions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Literal

from django.db.models import Q
from django.utils import timezone
from ninja import Field, FilterSchema, Schema
from pydantic import ConfigDict

from kamp.accounts.models import InitiativeAction, StrategicInitiative
from kamp.accounts.schemas.common import login
from kamp.organisation.schemas import WithCurrency

if TYPE_CHECKING:
    from kamp.accounts.models import InitiativeEvent

InitiativeStatus = Literal["draft", "submitted", "validated", "rejected", "changes_requested"]
ActionStatus = Literal["open", "in_progress", "done", "cancelled"]


class InitiativeEventOut(Schema):
    by: str | None = Field(description="Login of who did it.")
    from_status: InitiativeStatus | Literal[""]
    to_status: InitiativeStatus | Literal[""] = Field(description="Empty for a plain comment.")
    comment: str
    at: dt.datetime

    @staticmethod
    def resolve_by(obj: InitiativeEvent) -> str | None:
        return login(obj.actor)


class InitiativeMilestoneOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    title: str
    due_on: dt.date
    done_on: dt.date | None


class InitiativeActionOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    initiative: uuid.UUID = Field(alias="initiative.public_id")
    title: str
    owner: str | None = Field(description="Login of the owner.")
    due_on: dt.date | None
    status: ActionStatus
    overdue: bool
    version: int

    @staticmethod
    def resolve_owner(obj: InitiativeAction) -> str | None:
        return login(obj.owner)

    @staticmethod
    def resolve_overdue(obj: InitiativeAction) -> bool:
        return obj.is_overdue(timezone.localdate())


class InitiativeActionPage(Schema):
    count: int
    items: list[InitiativeActionOut]


class InitiativeOut(WithCurrency):
    id: uuid.UUID = Field(alias="public_id")
    key_account: uuid.UUID = Field(alias="key_account.public_id")
    title: str
    objective: str
    expected_value: float | None
    investment: float | None
    owner: str | None = Field(description="Login of the owner.")
    status: InitiativeStatus
    version: int = Field(description="Send it back with a change; a stale one is refused.")
    created_at: dt.datetime

    @staticmethod
    def resolve_owner(obj: StrategicInitiative) -> str | None:
        return login(obj.owner)


# An initiative read with ``selectors.with_initiative_detail`` (its lists prefetched).
class InitiativeDetailOut(InitiativeOut):
    history: list[InitiativeEventOut] = Field(alias="events")
    milestones: list[InitiativeMilestoneOut]
    actions: list[InitiativeActionOut]


class InitiativePage(Schema):
    count: int
    items: list[InitiativeOut]


class InitiativeFilterIn(FilterSchema):
    status: InitiativeStatus | Literal[""] = ""
    to_decide: bool = Field(
        False, description="Only submitted initiatives you may decide (sponsor, committee)."
    )

    def filter_status(self, value: str) -> Q:
        # Waiting for a decision means submitted, whatever status was asked for.
        return Q(status=value) if value and not self.to_decide else Q()

    def filter_to_decide(self, value: bool) -> Q:  # noqa: FBT001 (ninja's filter signature)
        return Q(status=StrategicInitiative.Status.SUBMITTED) if value else Q()


class InitiativeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    objective: str = ""
    expected_value: float | None = None
    investment: float | None = None
    owner: str | None = Field(None, description="Login of the owner.")


class InitiativePatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you read; a stale one is refused (422).")
    title: str | None = Field(None, min_length=1, max_length=200)
    objective: str | None = None
    expected_value: float | None = None
    investment: float | None = None
    owner: str | None = None


class InitiativeTransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_status: Literal["submitted", "validated", "rejected", "changes_requested"]
    comment: str = Field("", description="Required to reject or to ask for changes.")
    version: int | None = Field(None, description="The version you read, to refuse stale moves.")


class InitiativeCommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field(min_length=1)


class InitiativeMilestoneIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    due_on: dt.date


class InitiativeMilestonePatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    done: bool


class InitiativeActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    owner: str | None = Field(None, description="Login of the owner.")
    due_on: dt.date | None = None
    status: ActionStatus = "open"


class InitiativeActionPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you read; a stale one is refused (422).")
    title: str | None = Field(None, min_length=1, max_length=200)
    owner: str | None = None
    due_on: dt.date | None = None
    status: ActionStatus | None = None


class InitiativeActionFilterIn(FilterSchema):
    overdue: bool = Field(False, description="Only open actions past their due date.")

    def filter_overdue(self, value: bool) -> Q:  # noqa: FBT001 (ninja's filter signature)
        if not value:
            return Q()
        closed = [InitiativeAction.Status.DONE, InitiativeAction.Status.CANCELLED]
        return Q(due_on__lt=timezone.localdate()) & ~Q(status__in=closed)
