"""What the casting API reads and writes. Raters are never named: only perspectives, counts
and, from the campaign's minimum, the peers' mean."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema

Language = Literal["en", "es", "fr"]


class CastingCompetencyOut(Schema):
    code: str
    name: str = Field(description="In the request's language (Accept-Language), else English.")
    description: str
    kind: Literal["aptitude", "learnable"]
    importance: Literal["critical", "preferred"]
    anchors: list[str] = Field(description="Behaviour at levels 1 to 5.")
    translations: dict[str, dict[str, str | list[str]]] = Field(
        description="Spanish and French texts as stored (English is in the fields)."
    )


class CastingFrameworkOut(Schema):
    id: uuid.UUID
    key: str
    version: int
    language: Language = Field(description="The language of the texts answered.")
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
    version: int
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


CampaignKind = Literal["self", "manager", "360"]


class CastingCampaignOut(Schema):
    id: uuid.UUID
    name: str
    framework: uuid.UUID
    kind: CampaignKind
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


class CastingRequirementIn(Schema):
    competency: str = Field(description="The competency's code in the profile's framework.")
    level: int = Field(ge=1, le=5)
    weight: float = Field(1.0, ge=0)
    reason: str = Field("", max_length=300)
    translations: dict[Literal["es", "fr"], dict[Literal["reason"], str]] | None = Field(
        None, description="Leave out to keep the old ones while the reason is unchanged."
    )


class CastingProfileIn(Schema):
    requirements: list[CastingRequirementIn] = Field(min_length=1)
    reason: str | None = Field(None, description="Leave out to keep it.")
    translations: dict[Literal["es", "fr"], dict[Literal["reason"], str]] | None = None


class CastingPersonIn(Schema):
    """What may change of a person; fields left out stay as they are."""

    manager: str | None = Field(None, description="The manager's username; null for none.")
    profile: uuid.UUID | None = Field(None, description="A role profile's id; null for none.")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes.")
    countries: list[str] = Field(default_factory=list, description="ISO 3166 alpha-2 codes.")
    segments: list[str] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list)
    capacity: float = Field(1.0, ge=0, le=2)


class CastingPersonCreateIn(CastingPersonIn):
    username: str = Field(min_length=1, max_length=150)


class CastingPersonSettingsOut(Schema):
    id: uuid.UUID
    person: str
    manager: str | None
    profile: uuid.UUID | None
    languages: list[str]
    countries: list[str]
    segments: list[str]
    stages: list[str]
    capacity: float


class CastingCampaignIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    framework: uuid.UUID = Field(description="The framework version assessed.")
    kind: CampaignKind = "manager"
    people: list[str] = Field(min_length=1, description="Usernames of the people assessed.")
    min_raters: int = Field(3, ge=1, le=20)
    peers: dict[str, list[str]] = Field(
        default_factory=dict,
        description="360 only: username of a person assessed → usernames of their peers.",
    )
