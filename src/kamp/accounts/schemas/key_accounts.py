"""What the API reads and writes for key accounts: the account, its profile, its stage history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Q
from ninja import Field, FilterSchema, Schema
from pydantic import ConfigDict

from kamp.accounts.models import KeyAccount
from kamp.accounts.schemas.common import login
from kamp.customers.schemas import CustomerRef  # noqa: TC001 (ninja reads it at run time)

if TYPE_CHECKING:
    from kamp.accounts.models import RelationshipStageChange

#: Stages of relationship maturity (McDonald, Millman & Rogers 1997), and breaking down.
Stage = Literal[
    "exploratory", "basic", "cooperative", "interdependent", "integrated", "disintegrating"
]
#: What an account may aim at: every stage but disintegrating.
TargetStage = Literal["exploratory", "basic", "cooperative", "interdependent", "integrated"]


class KeyAccountOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
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

    @staticmethod
    def resolve_customer(obj: KeyAccount) -> dict[str, Any]:
        customer = obj.customer
        return {"id": customer.public_id, "customer_id": customer.source_id, "name": customer.name}

    @staticmethod
    def resolve_kam(obj: KeyAccount) -> str | None:
        return login(obj.kam)

    @staticmethod
    def resolve_sponsor(obj: KeyAccount) -> str | None:
        return login(obj.sponsor)

    @staticmethod
    def resolve_nominated_from(obj: KeyAccount) -> uuid.UUID | None:
        run = obj.nominated_from
        return run.public_id if run is not None else None

    @staticmethod
    def resolve_countries(obj: KeyAccount) -> list[str]:
        return sorted(c.code for c in obj.countries.all())

    @staticmethod
    def resolve_business_units(obj: KeyAccount) -> list[str]:
        return sorted(u.code for u in obj.business_units.all())


class KeyAccountPage(Schema):
    count: int
    items: list[KeyAccountOut]


class KeyAccountFilterIn(FilterSchema):
    status: Literal["", "nominated", "validated", "active", "exited"] = Field(
        "", description="Empty: every key account that has not exited."
    )

    def filter_status(self, value: str) -> Q:
        return Q(status=value) if value else ~Q(status=KeyAccount.Status.EXITED)


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
    target_stage: TargetStage = Field(description="Disintegrating is never a target.")
    countries: list[str] = Field(default_factory=list, description="ISO country codes.")
    business_units: list[str] = Field(default_factory=list, description="Business-unit codes.")


class StageChangeOut(Schema):
    stage: Stage
    target_stage: Stage
    changed_on: dt.date
    by: str | None

    @staticmethod
    def resolve_by(obj: RelationshipStageChange) -> str | None:
        return login(obj.actor)
