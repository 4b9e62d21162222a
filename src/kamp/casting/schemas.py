"""What the casting API reads and writes. Raters are never named: only perspectives, counts
and, from the campaign's minimum, the peers' mean."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema


class CastingCompetencyOut(Schema):
    code: str
    name: str
    description: str
    kind: Literal["aptitude", "learnable"]
    importance: Literal["critical", "preferred"]
    anchors: list[str] = Field(description="Behaviour at levels 1 to 5.")


class CastingFrameworkOut(Schema):
    id: uuid.UUID
    key: str
    version: int
    name: str
    description: str
    notes: str


class CastingFrameworkDetailOut(CastingFrameworkOut):
    competencies: list[CastingCompetencyOut]


class CastingFrameworkPage(Schema):
    count: int
    items: list[CastingFrameworkOut]


class CastingRequirementOut(Schema):
    competency: str
    level: int
    weight: float
    reason: str


class CastingProfileOut(Schema):
    id: uuid.UUID
    name: str
    role: Literal["global_kam", "kam", "team_lead"]
    framework: uuid.UUID
    reason: str
    requirements: list[CastingRequirementOut]


class CastingProfilePage(Schema):
    count: int
    items: list[CastingProfileOut]


class CastingDeriveIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    role: Literal["global_kam", "kam", "team_lead"]
    framework: uuid.UUID
    objective: Literal["growth", "retention", "transformation", "balanced"] | None = Field(
        None, description="Leave out to read it from the programme charter's challenges."
    )


class CastingGapOut(Schema):
    competency: str
    required: int
    attained: int
    gap: int
    critical: bool


class CastingActionOut(Schema):
    competency: str
    title: str
    starts_on: dt.date
    due_on: dt.date
    status: Literal["planned", "done"]


class CastingPersonOut(Schema):
    id: uuid.UUID
    person: str
    profile: str | None
    manager: str | None
    fit: float | None
    decision: Literal["keep", "train", "transfer_hire"] | None
    reason: str | None
    gaps: list[CastingGapOut]


class CastingPersonDetailOut(CastingPersonOut):
    plan: list[CastingActionOut]


class CastingPersonPage(Schema):
    count: int
    items: list[CastingPersonOut]


class CastingCampaignOut(Schema):
    id: uuid.UUID
    name: str
    framework: uuid.UUID
    status: Literal["open", "closed"]
    min_raters: int


class CastingCampaignPage(Schema):
    count: int
    items: list[CastingCampaignOut]


class CastingPeerSummaryOut(Schema):
    count: int
    mean: float | None = Field(description="Only from the campaign's minimum of peer raters.")
    hidden: bool


class CastingViewOut(Schema):
    competency: str
    self_level: int | None
    manager_level: int | None
    peers: CastingPeerSummaryOut


class CastingAssessmentOut(Schema):
    id: uuid.UUID
    campaign: uuid.UUID
    person: str
    closed_at: dt.datetime | None
    levels: dict[str, int]
    views: list[CastingViewOut]


class CastingAnswerIn(Schema):
    competency: str
    level: int = Field(ge=1, le=5)
    evidence: str = ""


class CastingRatingsIn(Schema):
    answers: list[CastingAnswerIn] = Field(min_length=1)


class CastingRatingsOut(Schema):
    perspective: Literal["self", "manager", "peer"]
    answers: int


class CastingLineOut(Schema):
    id: int
    account: str
    current: str | None
    proposed: str | None
    fit: float
    current_fit: float | None
    changed: bool
    met: list[str]
    missed: list[str]
    accepted: bool


class CastingProposalOut(Schema):
    id: uuid.UUID
    created_at: dt.datetime
    continuity: float
    lines: list[CastingLineOut]


class CastingAcceptIn(Schema):
    lines: list[int] | None = Field(None, description="Line ids; leave out to accept all.")
