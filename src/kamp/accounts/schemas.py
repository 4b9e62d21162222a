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
