"""What the API reads and writes for key accounts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.customers.schemas import CustomerRef  # noqa: TC001 (ninja reads it at run time)


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
