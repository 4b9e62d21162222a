"""What the API reads and writes for the account team and its RACI chart."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.accounts.schemas.common import login

if TYPE_CHECKING:
    from kamp.accounts.models import TeamMember

TeamRole = Literal[
    "kam", "bu_lead", "country_lead", "service", "quality", "technical", "sponsor", "other"
]


class TeamMemberOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    user: str | None = Field(description="Login, or null for a person without one.")
    name: str = Field(alias="display_name")
    role: TeamRole
    allocation: int = Field(description="Share of their time, in percent.")

    @staticmethod
    def resolve_user(obj: TeamMember) -> str | None:
        return login(obj.user)


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


# ``selectors.raci_chart`` as it is.
class TeamOut(Schema):
    members: list[TeamMemberOut]
    raci: list[RaciRowOut]

    @staticmethod
    def resolve_raci(obj: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "initiative": initiative.public_id,
                "title": initiative.title,
                "parts": {str(m.public_id): letter for m, letter in cells if letter},
            }
            for initiative, cells in obj["grid"]
        ]


class RaciIn(Schema):
    model_config = ConfigDict(extra="forbid")

    initiative: uuid.UUID
    member: uuid.UUID
    letter: Literal["R", "A", "S", "C", "I", ""] = Field(description="Empty to clear.")
