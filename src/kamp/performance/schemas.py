"""In and out shapes of the performance API. Money is a string of the exact decimal."""

from __future__ import annotations

import datetime as dt  # noqa: TC003 (pydantic reads the annotations at run time)
import uuid  # noqa: TC003
from decimal import Decimal  # noqa: TC003

from ninja import Field, Schema


class ProgrammeKpisOut(Schema):
    ka_count: int
    ka_revenue_12m: str
    total_revenue_12m: str
    ka_revenue_share: float | None
    ka_customer_share: float | None
    ka_growth: float | None
    rest_growth: float | None
    growth_ratio: float | None
    ka_margin_pct: float | None
    rest_margin_pct: float | None
    margin_uplift: float | None
    sponsor_coverage: float | None
    plan_coverage: float | None
    plan_execution: float | None
    resource_commitment_rate: float | None
    quota_attainment: float | None
    period_start: str | None
    period_end: str | None


class AccountKpisOut(Schema):
    account: str
    name: str
    revenue_12m: str
    margin_12m: str
    growth: float | None
    target: str | None
    attainment: float | None
    stage: str
    stage_target: str
    days_in_stage: int


class KpisOut(Schema):
    as_of: str
    currency: str
    programme: ProgrammeKpisOut
    accounts: list[AccountKpisOut]


class PipelineOut(Schema):
    deals: int
    expected: str
    std: str
    p10: str
    p50: str
    p90: str
    prob_target: float | None
    target: str | None
    runs: int
    seed: int


class ScenariosOut(Schema):
    base: str
    upside: str
    downside: str


class ForecastOut(Schema):
    as_of: str
    currency: str
    account: str | None
    pipeline: PipelineOut
    scenarios: ScenariosOut


class OpportunityIn(Schema):
    customer_id: str = Field(description="The customer's id in the source system.")
    name: str
    amount: Decimal = Field(ge=0)
    probability: Decimal = Field(ge=0, le=100, description="0-1, or a percentage above 1.")
    expected_close: dt.date
    stage: str = ""


class OpportunityOut(Schema):
    opportunity_id: str
    customer_id: str
    name: str
    amount: str
    probability: float
    expected_close: dt.date
    stage: str


class TargetIn(Schema):
    year: int = Field(ge=2000, le=2100)
    quarter: int | None = Field(default=None, ge=1, le=4)
    revenue: Decimal | None = None
    margin: Decimal | None = None
    stage: str = ""
    stage_by: dt.date | None = None


class TargetOut(Schema):
    id: uuid.UUID
    account: str
    year: int
    quarter: int | None
    revenue: str | None
    margin: str | None
    stage: str
    stage_by: dt.date | None
