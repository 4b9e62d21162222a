"""What the API reads and writes for the programme: charter, reviews, sponsorship."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.programme.models import Engagement, PointValidation

if TYPE_CHECKING:
    from kamp.programme.models import ReviewAction, SteeringReview
    from kamp.users.models import User


def login(user: User | None) -> str | None:
    """A user as their login (``None`` for nobody)."""
    return user.get_username() if user is not None else None


Point = Literal[tuple(PointValidation.Point.values)]  # type: ignore[valid-type]
Decision = Literal[tuple(PointValidation.Decision.values)]  # type: ignore[valid-type]
EngagementKind = Literal[tuple(Engagement.Kind.values)]  # type: ignore[valid-type]


class ObjectiveOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    title: str
    kpi: str
    target: str
    due_on: dt.date | None


class ChallengeOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    kind: str
    title: str
    description: str
    objectives: list[ObjectiveOut]


class CharterOut(Schema):
    name: str
    scope: str
    owner: str | None = Field(description="Login of the programme's owner.")
    challenges: list[ChallengeOut]


class PointValidationOut(Schema):
    point: str
    decision: str
    selection_run: uuid.UUID | None
    key_account: uuid.UUID | None
    note: str
    decided_by: str | None

    @staticmethod
    def resolve_selection_run(obj: PointValidation) -> uuid.UUID | None:
        return obj.selection_run.public_id if obj.selection_run else None

    @staticmethod
    def resolve_key_account(obj: PointValidation) -> uuid.UUID | None:
        return obj.key_account.public_id if obj.key_account else None

    @staticmethod
    def resolve_decided_by(obj: PointValidation) -> str | None:
        return login(obj.decided_by)


class ActionOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    title: str
    owner: str | None
    due_on: dt.date | None
    done: bool

    @staticmethod
    def resolve_owner(obj: ReviewAction) -> str | None:
        return login(obj.owner)


class ReviewOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    title: str
    held_on: dt.date
    status: str
    attendees: list[str]
    agenda: str
    decisions: str
    validations: list[PointValidationOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_attendees(obj: SteeringReview) -> list[str]:
        return [a.get_username() for a in obj.attendees.all()]


class ReviewPage(Schema):
    count: int
    items: list[ReviewOut]


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    held_on: dt.date
    agenda: str = ""
    attendees: list[str] = Field(default_factory=list, description="Logins of the attendees.")


class PointValidationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    point: Point  # type: ignore[valid-type]
    decision: Decision  # type: ignore[valid-type]
    selection_run: uuid.UUID | None = None
    key_account: uuid.UUID | None = None
    note: str = ""


class SponsorshipRowOut(Schema):
    key_account: uuid.UUID = Field(alias="account_id")
    account: str
    tier: str
    kam: str
    sponsor: str
    counterpart: str
    cadence_days: int
    last_engagement: dt.date | None
    next_engagement: dt.date | None
    overdue: bool


class SponsorLoadOut(Schema):
    sponsor: str
    accounts: int
    engagements_per_year: float
    overdue: int
    overloaded: bool


class SponsorshipPlanOut(Schema):
    coverage: float = Field(description="Share of key accounts with a named sponsor, 0 to 1.")
    accounts: list[SponsorshipRowOut]
    workload: list[SponsorLoadOut]


class EngagementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: EngagementKind  # type: ignore[valid-type]
    held_on: dt.date
    summary: str = ""


class EngagementOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    kind: str
    held_on: dt.date
    sponsor: str | None
    summary: str

    @staticmethod
    def resolve_sponsor(obj: Engagement) -> str | None:
        return login(obj.sponsor)
