"""What the API reads and writes for segments, scoring models, runs, results and validations.

Shapes only: :mod:`kamp.selection.api` maps models to them explicitly.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.customers.schemas import CustomerRef  # noqa: TC001 (ninja reads it at run time)


class SegmentRule(Schema):
    """One rule: ``field`` (industry, country, size, business_unit, product_line,
    ``attribute:<name>`` or a metric), ``op`` (in, not_in, gte, lte) and ``values``."""

    field: str
    op: Literal["in", "not_in", "gte", "lte"]
    values: list[str] | float


class SegmentOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    rules: list[SegmentRule]
    match: Literal["all", "any"]
    fit: float | None = Field(description="Value-proposition fit, 0 to 10.")
    position: int


class SegmentPage(Schema):
    count: int
    items: list[SegmentOut]


class SegmentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    rules: list[SegmentRule] = Field(default_factory=list)
    match: Literal["all", "any"] = "all"
    fit: float | None = Field(None, ge=0, le=10)
    position: int = Field(0, ge=0)


class SegmentPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=100)
    description: str = ""
    rules: list[SegmentRule] | None = None
    match: Literal["all", "any"] | None = None
    fit: float | None = Field(None, ge=0, le=10)
    position: int | None = Field(None, ge=0)


class ScoringModelOut(Schema):
    """One version of a scoring model."""

    id: uuid.UUID
    name: str
    version: int
    scale: int
    notes: str
    created_at: dt.datetime
    created_by: str | None


class ScoringModelDetailOut(ScoringModelOut):
    definition: dict[str, Any] = Field(description="The model as the TOML file's structure.")
    toml: str = Field(description="The model in the documented TOML format.")


class ScoringModelPage(Schema):
    count: int
    items: list[ScoringModelOut]


class ScoringModelIn(Schema):
    """A model, as TOML text or as its structure; saved as the next version of its name."""

    model_config = ConfigDict(extra="forbid")

    toml: str | None = Field(None, description="The model in the documented TOML format.")
    definition: dict[str, Any] | None = Field(None, description="Or the same as JSON.")
    notes: str = Field("", max_length=500)


class ManualScoresIn(Schema):
    model_config = ConfigDict(extra="forbid")

    csv: str = Field(description="CSV text with the columns account, criterion, score.")
    scale: Literal[10, 100] = 10


class ManualScoresOut(Schema):
    stored: int


class LimitIn(Schema):
    dimension: Literal["segment", "business_unit", "country"]
    key: str
    minimum: int | None = Field(None, ge=0)
    maximum: int | None = Field(None, ge=0)


class OverrideIn(Schema):
    account: str = Field(description="The group's customer id.")
    include: bool = Field(description="True: must include; false: must exclude.")
    reason: str = Field(min_length=1)


class RunParametersIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kams: int = Field(1, ge=1, description="KAMs available.")
    per_kam: dict[str, int] = Field(
        default_factory=lambda: {"gold": 3, "silver": 5, "bronze": 8},
        description="How many accounts of each tier one KAM can hold.",
    )
    min_accounts: int | None = Field(None, ge=0)
    max_accounts: int | None = Field(None, ge=0)
    limits: list[LimitIn] = Field(default_factory=list)
    overrides: list[OverrideIn] = Field(default_factory=list)
    potential: Literal["potential", "revenue_12m", "margin_12m"] = "potential"
    top_n: int | None = Field(None, ge=0, description="N of the naive comparison.")


class RunIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    model: uuid.UUID = Field(description="Id of the scoring model version.")
    parameters: RunParametersIn | None = Field(None, description="Default: one KAM.")
    as_of: dt.date | None = Field(None, description="Last day of the data; default: newest.")


class RunOut(Schema):
    id: uuid.UUID
    name: str
    status: Literal["draft", "submitted", "closed"]
    model: ScoringModelOut
    as_of: dt.date
    created_at: dt.datetime
    created_by: str | None
    submitted_at: dt.datetime | None
    proposed: int = Field(description="Accounts the optimiser proposes.")


class RunDetailOut(RunOut):
    parameters: dict[str, Any]
    coverage: dict[str, Any] = Field(
        description="Shares covered by the proposal, the top N beside it, and the reference."
    )


class RunPage(Schema):
    count: int
    items: list[RunOut]


class ValidationOut(Schema):
    decision: Literal["validated", "rejected"]
    comment: str
    decided_by: str | None
    decided_at: dt.datetime


class ResultOut(Schema):
    """One account in a run."""

    id: uuid.UUID
    account: CustomerRef
    rank: int
    attractiveness: float
    strength: float
    value: float
    quadrant: str
    quadrant_label: str
    tier: str
    revenue_12m: float
    segments: list[str]
    selected: bool
    top_n: bool
    reason: Literal["include", "exclude", "optimal", "capacity", "limit", "no_value"]
    override_reason: str
    validation: ValidationOut | None


class ResultDetailOut(ResultOut):
    run: uuid.UUID
    contributions: dict[str, dict[str, Any]] = Field(
        description="Per criterion: its value, score and contribution to its axis."
    )
    metrics: dict[str, Any]


class ResultPage(Schema):
    count: int
    items: list[ResultOut]


class ResultFilterIn(Schema):
    show: Literal["all", "selected", "top_n", "differences"] = "all"
    sort: Literal["rank", "-revenue", "-attractiveness", "-strength", "name"] = "rank"


class MovementOut(Schema):
    account: CustomerRef
    rank_before: int | None
    rank_after: int | None
    reason_after: str | None
    override_reason: str


class CompareOut(Schema):
    older: uuid.UUID
    newer: uuid.UUID
    entered: list[MovementOut]
    left: list[MovementOut]
    stayed: list[MovementOut]


class ValidationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["validated", "rejected"]
    comment: str = Field("", description="Required to reject.")
