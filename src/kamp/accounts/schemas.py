"""What the API reads and writes for key accounts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.customers.schemas import CustomerRef  # noqa: TC001 (ninja reads it at run time)

Stage = Literal[
    "exploratory", "basic", "cooperative", "interdependent", "integrated", "disintegrating"
]


class KeyAccountOut(Schema):
    id: uuid.UUID
    customer: CustomerRef
    kam: str | None = Field(description="Login of the key account manager; null: to assign.")
    tier: Literal["gold", "silver", "bronze"]
    status: Literal["nominated", "validated", "active", "exited"]
    nominated_from: uuid.UUID | None = Field(description="Id of the selection run.")
    nominated_on: dt.date
    status_changed_on: dt.date
    exited_on: dt.date | None
    sponsor: str | None = Field(description="Login of the executive sponsor.")
    relationship_stage: Stage
    target_stage: Stage
    stage_changed_on: dt.date | None
    countries: list[str] = Field(description="ISO codes of the countries in scope.")
    business_units: list[str] = Field(description="Codes of the business units in scope.")
    version: int = Field(description="Send it back with a change; a stale one is refused.")


class KeyAccountPage(Schema):
    count: int
    items: list[KeyAccountOut]


class KeyAccountFilterIn(Schema):
    status: Literal["", "nominated", "validated", "active", "exited"] = Field(
        "", description="Empty: every key account that has not exited."
    )


class KeyAccountPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kam: str | None = Field(None, description="Login of a user with the KAM role.")
    sponsor: str | None = Field(
        None, description="Login of the executive sponsor (a user with the executive role)."
    )
    tier: Literal["gold", "silver", "bronze"] | None = None
    status: Literal["nominated", "validated", "active", "exited"] | None = None


class KeyAccountProfileIn(Schema):
    """Relationship stage (current and target) and scope, set by the KAM or the director."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you read; a stale one is refused (422).")
    relationship_stage: Stage
    target_stage: Stage
    countries: list[str] = Field(default_factory=list, description="ISO country codes.")
    business_units: list[str] = Field(default_factory=list, description="Business-unit codes.")


InitiativeStatus = Literal["draft", "submitted", "validated", "rejected", "changes_requested"]
ActionStatus = Literal["open", "in_progress", "done", "cancelled"]


class InitiativeEventOut(Schema):
    by: str | None = Field(description="Login of who did it.")
    from_status: InitiativeStatus | Literal[""]
    to_status: InitiativeStatus | Literal[""] = Field(description="Empty for a plain comment.")
    comment: str
    at: dt.datetime


class InitiativeMilestoneOut(Schema):
    id: uuid.UUID
    title: str
    due_on: dt.date
    done_on: dt.date | None


class InitiativeActionOut(Schema):
    id: uuid.UUID
    initiative: uuid.UUID
    title: str
    owner: str | None = Field(description="Login of the owner.")
    due_on: dt.date | None
    status: ActionStatus
    overdue: bool
    version: int


class InitiativeActionPage(Schema):
    count: int
    items: list[InitiativeActionOut]


class InitiativeOut(Schema):
    id: uuid.UUID
    key_account: uuid.UUID
    title: str
    objective: str
    expected_value: float | None
    investment: float | None
    owner: str | None = Field(description="Login of the owner.")
    status: InitiativeStatus
    version: int = Field(description="Send it back with a change; a stale one is refused.")
    created_at: dt.datetime


class InitiativeDetailOut(InitiativeOut):
    history: list[InitiativeEventOut]
    milestones: list[InitiativeMilestoneOut]
    actions: list[InitiativeActionOut]


class InitiativePage(Schema):
    count: int
    items: list[InitiativeOut]


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


class InitiativeActionFilterIn(Schema):
    overdue: bool = Field(False, description="Only open actions past their due date.")


class ProfitLineOut(Schema):
    product_line: str = Field(description="Code of the product line.")
    product_line_name: str
    current_revenue: float = Field(description="Sales of the year before the plan's.")
    current_margin: float
    target_revenue: float
    target_margin: float


class PlanOut(Schema):
    id: uuid.UUID
    key_account: uuid.UUID
    year: int
    version: int = Field(description="Send it back with a change; a stale one is refused.")
    completeness: int = Field(description="Percentage of the plan filled in.")
    last_review_on: dt.date | None
    next_review_on: dt.date | None
    copied_from: uuid.UUID | None


class PlanDetailOut(PlanOut):
    sections: dict[str, str] = Field(description="The written sections, by name.")
    profit_plan: list[ProfitLineOut]


class PlanPage(Schema):
    count: int
    items: list[PlanOut]


class PlanCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100)


class PlanPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you read; a stale one is refused (422).")
    sections: dict[str, str] = Field(
        default_factory=dict, description="Sections to change, by name (see the plan's own)."
    )
    last_review_on: dt.date | None = None
    next_review_on: dt.date | None = None


class ProfitTargetIn(Schema):
    product_line: str = Field(description="Code of the product line.")
    target_revenue: float
    target_margin: float


class ProfitTargetsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you read; a stale one is refused (422).")
    lines: list[ProfitTargetIn]


RequestKind = Literal["people_days", "budget", "other"]
RequestStatus = Literal["pending", "committed", "partly_committed", "declined"]


class ResourceRequestOut(Schema):
    id: uuid.UUID
    initiative: uuid.UUID
    key_account: uuid.UUID
    business_unit: str = Field(description="Code of the profit centre asked.")
    kind: RequestKind
    amount: float
    period: str
    description: str
    status: RequestStatus
    committed_amount: float | None
    answer_comment: str
    answered_by: str | None
    created_at: dt.datetime
    version: int


class ResourceRequestPage(Schema):
    count: int
    items: list[ResourceRequestOut]


class ResourceRequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    business_unit: str = Field(description="Code of the profit centre to ask.")
    kind: RequestKind
    amount: float = Field(gt=0)
    period: str = Field(min_length=1, max_length=32, description="For example 2026 or 2026-H1.")
    description: str = ""


class ResourceRequestFilterIn(Schema):
    to_answer: bool = Field(
        False, description="Only pending requests to the profit centres you direct."
    )


class ResourceAnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you read; a stale one is refused (422).")
    decision: Literal["committed", "partly_committed", "declined"]
    committed_amount: float | None = Field(None, description="Needed for a partial commitment.")
    comment: str = Field("", description="Needed to decline or commit in part.")


class ResourceAlignmentRowOut(Schema):
    key: str = Field(description="Code of the profit centre, or id of the key account.")
    name: str
    kind: RequestKind
    asked: float
    committed: float
    gap: float
    pending: int
    declined: int


class ResourceAlignmentOut(Schema):
    by_unit: list[ResourceAlignmentRowOut]
    by_account: list[ResourceAlignmentRowOut]
    waiting: list[ResourceRequestOut] = Field(description="Pending requests, oldest first.")


class StakeholderOut(Schema):
    id: uuid.UUID
    contact: uuid.UUID
    name: str
    title: str
    reports_to: uuid.UUID | None = Field(description="Contact id of their manager.")
    buying_role: Literal["economic", "user", "technical", "coach", ""]
    decision_role: Literal["decision_maker", "influencer", "gatekeeper", "approver", "user", ""]
    influence: Literal["low", "medium", "high"]
    attitude: Literal["enemy", "hostile", "neutral", "supporter", "mentor"]
    coverage: Literal["low", "medium", "high"]
    political_status: Literal["rising", "stable", "declining", ""]
    owner: str | None = Field(description="Login of our relationship owner.")
    last_met_on: dt.date | None
    notes: str
    version: int


class RedFlagOut(Schema):
    code: Literal[
        "no_economic_buyer", "no_coach", "single_threaded", "hostile_decision_maker", "not_met"
    ]
    message: str
    person: str = Field(description="Name of the person concerned; empty for the whole map.")


class StakeholderMapOut(Schema):
    stakeholders: list[StakeholderOut]
    red_flags: list[RedFlagOut]


class StakeholderFieldsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    buying_role: Literal["economic", "user", "technical", "coach", ""] | None = None
    decision_role: (
        Literal["decision_maker", "influencer", "gatekeeper", "approver", "user", ""] | None
    ) = None
    influence: Literal["low", "medium", "high"] | None = None
    attitude: Literal["enemy", "hostile", "neutral", "supporter", "mentor"] | None = None
    coverage: Literal["low", "medium", "high"] | None = None
    political_status: Literal["rising", "stable", "declining", ""] | None = None
    owner: str | None = Field(None, description="Login of our relationship owner.")
    last_met_on: dt.date | None = None
    notes: str | None = None


class StakeholderIn(StakeholderFieldsIn):
    contact: uuid.UUID = Field(description="Id of a contact in the account's group.")


class StakeholderPatchIn(StakeholderFieldsIn):
    version: int = Field(description="The version you read; a stale one is refused (422).")


WhiteSpaceStatus = Literal["sold", "opportunity", "white_space", "competitor", "not_applicable"]


class WhiteSpaceCellOut(Schema):
    row: str = Field(description="ISO code of the country, or customer id of the division.")
    product_line: str = Field(description="Code of the product line (column).")
    status: WhiteSpaceStatus
    revenue: float = Field(description="Our revenue of the last twelve months.")
    wallet_estimate: float | None
    share_of_wallet: float | None
    gap: float = Field(description="Wallet minus revenue, never below zero.")
    competitor: str


class WhiteSpaceTotalOut(Schema):
    key: str
    revenue: float
    wallet: float
    gap: float


class WhiteSpaceOut(Schema):
    by: Literal["country", "division"]
    cells: list[WhiteSpaceCellOut]
    rows: list[WhiteSpaceTotalOut] = Field(description="Totals by country (or division).")
    columns: list[WhiteSpaceTotalOut] = Field(description="Totals by product line.")
    total: WhiteSpaceTotalOut
    biggest_gaps: list[WhiteSpaceCellOut]


class WhiteSpaceFilterIn(Schema):
    by: Literal["country", "division"] = "country"


class WhiteSpaceMarkIn(Schema):
    model_config = ConfigDict(extra="forbid")

    country: str | None = Field(None, description="ISO code of the country (or give a division).")
    division: str | None = Field(None, description="Customer id of a company of the group.")
    product_line: str = Field(description="Code of the product line.")
    status: WhiteSpaceStatus
    wallet_estimate: float | None = Field(None, ge=0)
    competitor: str = ""


TeamRole = Literal[
    "kam", "bu_lead", "country_lead", "service", "quality", "technical", "sponsor", "other"
]


class TeamMemberOut(Schema):
    id: uuid.UUID
    user: str | None = Field(description="Login, or null for a person without one.")
    name: str
    role: TeamRole
    allocation: int = Field(description="Share of their time, in percent.")


class TeamMemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    user: str | None = Field(None, description="Login; or give a name instead.")
    name: str = ""
    role: TeamRole
    allocation: int = Field(10, ge=0, le=100)


class RaciRowOut(Schema):
    initiative: uuid.UUID
    title: str
    parts: dict[str, Literal["R", "A", "S", "C", "I"]] = Field(
        description="Part of each team member (by member id) who has one."
    )


class TeamOut(Schema):
    members: list[TeamMemberOut]
    raci: list[RaciRowOut]


class RaciIn(Schema):
    model_config = ConfigDict(extra="forbid")

    initiative: uuid.UUID
    member: uuid.UUID
    letter: Literal["R", "A", "S", "C", "I", ""] = Field(description="Empty to clear.")


class InitiativeFilterIn(Schema):
    status: InitiativeStatus | Literal[""] = ""
    to_decide: bool = Field(
        False, description="Only submitted initiatives you may decide (sponsor, committee)."
    )


class StageChangeOut(Schema):
    stage: Stage
    target_stage: Stage
    changed_on: dt.date
    by: str | None


class PlanRevisionOut(Schema):
    number: int = Field(description="The plan version this text was saved as.")
    by: str | None
    at: dt.datetime
    content: dict[str, str | None] = Field(description="Sections and review dates as saved.")
