"""What the API reads and writes for resource requests and their alignment."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.accounts.schemas.common import login
from kamp.organisation.schemas import WithCurrency

if TYPE_CHECKING:
    from kamp.accounts.models import ResourceRequest

RequestKind = Literal["people_days", "budget", "other"]
RequestStatus = Literal["pending", "committed", "partly_committed", "declined"]


class ResourceRequestOut(WithCurrency):
    id: uuid.UUID = Field(alias="public_id")
    initiative: uuid.UUID = Field(alias="initiative.public_id")
    key_account: uuid.UUID = Field(alias="initiative.key_account.public_id")
    business_unit: str = Field(
        alias="business_unit.code", description="Code of the profit centre asked."
    )
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

    @staticmethod
    def resolve_answered_by(obj: ResourceRequest) -> str | None:
        return login(obj.answered_by)


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


# Not a ``FilterSchema``: the inbox depends on the units the reader directs, so the
# selector applies it (``selectors.resource_request_list``).
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


def _rows(rows: list[dict[str, Any]], key: str, name: str) -> list[dict[str, Any]]:
    """Aggregated rows keyed by ``key`` and named by ``name`` as alignment rows."""
    return [{**r, "key": str(r[key]), "name": r[name]} for r in rows]


# ``selectors.resource_alignment`` as it is.
class ResourceAlignmentOut(WithCurrency):
    by_unit: list[ResourceAlignmentRowOut]
    by_account: list[ResourceAlignmentRowOut]
    waiting: list[ResourceRequestOut] = Field(description="Pending requests, oldest first.")

    @staticmethod
    def resolve_by_unit(obj: dict[str, Any]) -> list[dict[str, Any]]:
        return _rows(obj["by_unit"], "business_unit__code", "business_unit__name")

    @staticmethod
    def resolve_by_account(obj: dict[str, Any]) -> list[dict[str, Any]]:
        return _rows(
            obj["by_account"],
            "initiative__key_account__public_id",
            "initiative__key_account__customer__name",
        )
