"""What the API reads and writes for account plans: sections, profit plan, revisions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.accounts.schemas.common import login
from kamp.organisation.schemas import WithCurrency

if TYPE_CHECKING:
    from kamp.accounts.models import AccountPlan, PlanRevision


class ProfitLineOut(Schema):
    product_line: str = Field(alias="product_line.code", description="Code of the product line.")
    product_line_name: str = Field(alias="product_line.name")
    current_revenue: float = Field(description="Sales of the year before the plan's.")
    current_margin: float
    target_revenue: float | None = Field(
        description="Group-wide target; null for a reader who sees only part of the group."
    )
    target_margin: float | None


# A plan read with its ``line_count`` annotated (lists) or its lines prefetched (one).
class PlanOut(WithCurrency):
    id: uuid.UUID = Field(alias="public_id")
    key_account: uuid.UUID = Field(alias="key_account.public_id")
    year: int
    version: int = Field(description="Send it back with a change; a stale one is refused.")
    completeness: int = Field(description="Percentage of the plan filled in.")
    last_review_on: dt.date | None
    next_review_on: dt.date | None
    copied_from: uuid.UUID | None

    @staticmethod
    def resolve_completeness(obj: AccountPlan) -> int:
        lines = getattr(obj, "line_count", None)
        if lines is None:
            lines = len(obj.lines.all())
        return obj.completeness(has_profit_plan=bool(lines))

    @staticmethod
    def resolve_copied_from(obj: AccountPlan) -> uuid.UUID | None:
        source = obj.copied_from
        return source.public_id if source is not None else None


# A plan read with ``selectors.with_plan_lines``.
class PlanDetailOut(PlanOut):
    sections: dict[str, str] = Field(description="The written sections, by name.")
    profit_plan: list[ProfitLineOut] = Field(alias="lines")

    @staticmethod
    def resolve_sections(obj: AccountPlan) -> dict[str, str]:
        return obj.sections()


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


class PlanRevisionOut(Schema):
    number: int = Field(description="The plan version this text was saved as.")
    by: str | None
    at: dt.datetime
    content: dict[str, str | None] = Field(description="Sections and review dates as saved.")

    @staticmethod
    def resolve_by(obj: PlanRevision) -> str | None:
        return login(obj.actor)
