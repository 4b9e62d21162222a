"""What the API reads and writes for the white-space matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kamp.organisation.schemas import WithCurrency

if TYPE_CHECKING:
    from kamp.accounts.whitespace import Cell, Totals

WhiteSpaceStatus = Literal["sold", "opportunity", "white_space", "competitor", "not_applicable"]


class WhiteSpaceCellOut(Schema):
    row: str = Field(description="ISO code of the country, or customer id of the division.")
    product_line: str = Field(alias="column", description="Code of the product line (column).")
    status: WhiteSpaceStatus
    revenue: float = Field(description="Our revenue of the last twelve months.")
    wallet_estimate: float | None = Field(alias="wallet")
    share_of_wallet: float | None
    gap: float = Field(description="Wallet minus revenue, never below zero.")
    competitor: str


class WhiteSpaceTotalOut(Schema):
    key: str
    revenue: float
    wallet: float
    gap: float


def _totals(totals: dict[str, Totals]) -> list[dict[str, Any]]:
    """Row or column totals, each with the key of its row or column."""
    return [_total(key, t) for key, t in totals.items()]


def _total(key: str, t: Totals) -> dict[str, Any]:
    return {"key": key, "revenue": t.revenue, "wallet": t.wallet, "gap": t.gap}


# ``selectors.white_space`` as it is.
class WhiteSpaceOut(WithCurrency):
    by: Literal["country", "division"]
    cells: list[WhiteSpaceCellOut]
    rows: list[WhiteSpaceTotalOut] = Field(description="Totals by country (or division).")
    columns: list[WhiteSpaceTotalOut] = Field(description="Totals by product line.")
    total: WhiteSpaceTotalOut
    biggest_gaps: list[WhiteSpaceCellOut]

    @staticmethod
    def resolve_cells(obj: dict[str, Any]) -> list[Cell]:
        return list(obj["matrix"].cells.values())

    @staticmethod
    def resolve_rows(obj: dict[str, Any]) -> list[dict[str, Any]]:
        return _totals(obj["matrix"].row_totals)

    @staticmethod
    def resolve_columns(obj: dict[str, Any]) -> list[dict[str, Any]]:
        return _totals(obj["matrix"].column_totals)

    @staticmethod
    def resolve_total(obj: dict[str, Any]) -> dict[str, Any]:
        return _total("", obj["matrix"].total)

    @staticmethod
    def resolve_biggest_gaps(obj: dict[str, Any]) -> list[Cell]:
        return list(obj["matrix"].biggest_gaps)


# Which rows the matrix shows: not a filter of rows but a choice of view.
class WhiteSpaceFilterIn(Schema):
    by: Literal["country", "division"] = "country"


class WhiteSpaceMarkIn(Schema):
    model_config = ConfigDict(extra="forbid")

    country: str | None = Field(None, description="ISO code of the country (or give a division).")
    division: str | None = Field(None, description="Customer id of a company of the group.")
    product_line: str = Field(description="Code of the product line.")
    status: WhiteSpaceStatus
    wallet_estimate: float | None = Field(None, ge=0)
    competitor: str = ""
