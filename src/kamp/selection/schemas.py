"""What the API reads and writes for segments, scoring models, runs, results and validations.

Out schemas read the models (and the selectors' dataclasses) directly: ``alias`` names the
attribute a field comes from and ``resolve_*`` computes the rest. People are named by login.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Q
from ninja import Field, FilterSchema, Schema
from pydantic import ConfigDict

from kamp.customers.schemas import CustomerRef  # noqa: TC001 (ninja reads it at run time)
from kamp.organisation.schemas import WithCurrency
from kamp.selection.selectors import result_show_filter

if TYPE_CHECKING:
    from kamp.selection.models import ScoringModel, SelectionResult, SelectionRun, Validation
    from kamp.selection.selectors import Movement
    from kamp.users.models import User


def _login(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


class SegmentRule(Schema):
    """One rule: ``field`` (industry, country, size, business_unit, product_line,
    ``attribute:<name>`` or a metric), ``op`` (in, not_in, gte, lte) and ``values``."""

    field: str
    op: Literal["in", "not_in", "gte", "lte"]
    values: list[str] | float


class SegmentOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
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

    id: uuid.UUID = Field(alias="public_id")
    name: str
    version: int
    scale: int
    notes: str
    created_at: dt.datetime
    created_by: str | None

    @staticmethod
    def resolve_scale(obj: ScoringModel) -> int:
        scale: int = obj.definition.get("scale", 10)
        return scale

    @staticmethod
    def resolve_created_by(obj: ScoringModel) -> str | None:
        return _login(obj.created_by)


class ScoringModelDetailOut(ScoringModelOut):
    definition: dict[str, Any] = Field(description="The model as the TOML file's structure.")
    toml: str = Field(description="The model in the documented TOML format.")

    @staticmethod
    def resolve_toml(obj: ScoringModel) -> str:
        return obj.toml()


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

    model: uuid.UUID = Field(description="Id of the scoring model version the scores are for.")
    csv: str = Field(description="CSV text with the columns account, criterion, score.")
    scale: Literal[10, 100] = Field(10, description="Out of; points criteria: out of max.")


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
    top_n: int | None = Field(None, ge=0, description="N of the naive comparison.")
    attractiveness_weight: float = Field(
        0.5, ge=0, le=1, description="Weight of attractiveness in the value; strength: the rest."
    )
    penalties: dict[str, float] = Field(
        default_factory=dict,
        description="Risk or cost to serve by account id, 0 to 1, taken off the value.",
    )


class RunIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    model: uuid.UUID = Field(description="Id of the scoring model version.")
    parameters: RunParametersIn | None = Field(None, description="Default: one KAM.")
    as_of: dt.date | None = Field(None, description="Last day of the data; default: newest.")


class RunOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    name: str
    status: Literal["draft", "submitted", "closed"]
    model: ScoringModelOut
    as_of: dt.date
    created_at: dt.datetime
    created_by: str | None
    submitted_at: dt.datetime | None
    proposed: int = Field(description="Accounts the optimiser proposes.")

    @staticmethod
    def resolve_created_by(obj: SelectionRun) -> str | None:
        return _login(obj.created_by)

    @staticmethod
    def resolve_proposed(obj: SelectionRun) -> int:
        proposed: int = obj.summary.get("accounts", 0)
        return proposed


class RunDetailOut(RunOut):
    parameters: dict[str, Any]
    coverage: dict[str, Any] = Field(
        alias="summary",
        description="Shares covered by the proposal, the top N beside it, and the reference.",
    )


class RunPage(Schema):
    count: int
    items: list[RunOut]


class ValidationOut(Schema):
    decision: Literal["validated", "rejected"]
    comment: str
    decided_by: str | None
    decided_at: dt.datetime = Field(alias="created_at")

    @staticmethod
    def resolve_decided_by(obj: Validation) -> str | None:
        return _login(obj.decided_by)


# A result read with ``selectors.run_results`` (or ``get_result_for``): its run, account and
# validation at hand.
class ResultOut(WithCurrency):
    """One account in a run."""

    id: uuid.UUID = Field(alias="public_id")
    account: CustomerRef
    rank: int
    attractiveness: float | None = Field(description="Null: not enough data to score.")
    strength: float | None = Field(description="Null: not enough data, or a ranking model.")
    value: float | None
    evidence: float | None = Field(description="Share of the model's weight with evidence, %.")
    quadrant: str
    quadrant_label: str
    band: str = Field(description="The class on the model's banded axis (empty: none).")
    tier: str
    revenue_12m: float
    segments: list[str]
    selected: bool
    top_n: bool
    reason: Literal["include", "exclude", "optimal", "capacity", "limit", "no_value", "no_data"]
    override_reason: str
    validation: ValidationOut | None

    @staticmethod
    def resolve_quadrant_label(obj: SelectionResult) -> str:
        labels = {q.key: q.label for q in obj.run.model.spec.matrix.quadrants}
        return labels.get(obj.quadrant, obj.quadrant)

    @staticmethod
    def resolve_validation(obj: SelectionResult) -> Validation | None:
        return getattr(obj, "validation", None)


class ResultDetailOut(ResultOut):
    run: uuid.UUID = Field(alias="run.public_id")
    contributions: dict[str, dict[str, Any]] = Field(
        description="Per criterion: its value, score and contribution to its axis."
    )
    metrics: dict[str, Any]


class ResultPage(Schema):
    count: int
    items: list[ResultOut]


class ResultFilterIn(FilterSchema):
    show: Literal["all", "selected", "top_n", "differences"] = "all"
    sort: Literal["rank", "-revenue", "-attractiveness", "-strength", "name"] = "rank"

    def filter_show(self, value: str) -> Q:
        return result_show_filter(value)

    def filter_sort(self, value: str) -> Q:  # noqa: ARG002 (sorting is the selector's)
        return Q()


# A ``selectors.Movement``: the account's results in the older and the newer run.
class MovementOut(Schema):
    account: CustomerRef
    rank_before: int | None
    rank_after: int | None
    reason_after: str | None
    override_reason: str

    @staticmethod
    def resolve_rank_before(obj: Movement) -> int | None:
        return obj.before.rank if obj.before else None

    @staticmethod
    def resolve_rank_after(obj: Movement) -> int | None:
        return obj.after.rank if obj.after else None

    @staticmethod
    def resolve_reason_after(obj: Movement) -> str | None:
        return obj.after.reason if obj.after else None

    @staticmethod
    def resolve_override_reason(obj: Movement) -> str:
        return obj.after.override_reason if obj.after else ""


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
