"""What the API reads and writes for the stakeholder map."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.accounts.schemas.common import login

if TYPE_CHECKING:
    from kamp.accounts.models import Stakeholder


class StakeholderOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    contact: uuid.UUID = Field(alias="contact.public_id")
    name: str = Field(alias="contact.name")
    title: str = Field(alias="contact.title")
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

    @staticmethod
    def resolve_reports_to(obj: Stakeholder) -> uuid.UUID | None:
        manager = obj.contact.reports_to
        return manager.public_id if manager is not None else None

    @staticmethod
    def resolve_owner(obj: Stakeholder) -> str | None:
        return login(obj.owner)


class RedFlagOut(Schema):
    code: Literal[
        "no_economic_buyer",
        "no_user_buyer",
        "no_technical_buyer",
        "no_coach",
        "single_threaded",
        "decision_level_not_met",
        "hostile_influential",
    ] = Field(description="Kind of red flag (kam-methodology §3.2, buying centre).")
    message: str
    person: str = Field(description="Name of the person concerned; empty for the whole map.")


# ``selectors.stakeholder_map`` as it is.
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
