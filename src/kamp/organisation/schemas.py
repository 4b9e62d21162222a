"""API schemas of the organisation app: the company's settings."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from kamp.core.formatting import DEFAULT_CURRENCY
from kamp.organisation.selectors import company_currency


class CompanyOut(Schema):
    """The company's settings: the ISO 4217 code every amount in the API is in."""

    currency: str = Field(examples=["EUR"])


class CompanyPatchIn(Schema):
    """Send only what changes; ``currency`` is an ISO 4217 code."""

    currency: str | None = Field(default=None, min_length=3, max_length=3, examples=["USD"])


class WithCurrency(Schema):
    """A base for every API answer that holds amounts: ``currency`` names what they are in.

    Amounts stay plain numbers; ``currency`` is the company's ISO 4217 code, read once per
    request.
    """

    currency: str = Field(
        default=DEFAULT_CURRENCY,
        description="ISO 4217 code of the currency the amounts are in (the company's).",
        examples=["EUR"],
    )

    @staticmethod
    def resolve_currency(obj: object, context: dict[str, Any] | None) -> str:
        request = (context or {}).get("request")
        return company_currency(request)
