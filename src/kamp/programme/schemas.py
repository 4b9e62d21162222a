"""What the API reads and writes for the programme: charter, reviews, sponsorship."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.programme.models import Engagement, PointValidation

Point = Literal[tuple(PointValidation.Point.values)]  # type: ignore[valid-type]
Decision = Literal[tuple(PointValidation.Decision.values)]  # type: ignore[valid-type]
EngagementKind = Literal[tuple(Engagement.Kind.values)]  # type: ignore[valid-type]


class ObjectiveOut(Schema):
    id: uuid.UUID
    title: str
    kpi: str
    target: str
    due_on: dt.date | None


class ChallengeOut(Schema):
    id: uuid.UUID
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


class ActionOut(Schema):
    id: uuid.UUID
    title: str
    owner: str | None
    due_on: dt.date | None
    done: bool


class ReviewOut(Schema):
    id: uuid.UUID
    title: str
    held_on: dt.date
    status: str
    attendees: list[str]
    agenda: str
    decisions: str
    validations: list[PointValidationOut]
    actions: list[ActionOut]


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
    key_account: uuid.UUID
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
    id: uuid.UUID
    kind: str
    held_on: dt.date
    sponsor: str | None
    summary: str
