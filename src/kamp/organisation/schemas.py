"""API schemas of the organisation app: the company's settings."""

from __future__ import annotations

from ninja import Field, Schema


class CompanyOut(Schema):
    """The company's settings: the ISO 4217 code every amount in the API is in."""

    currency: str = Field(examples=["EUR"])


class CompanyPatchIn(Schema):
    """Send only what changes; ``currency`` is an ISO 4217 code."""

    currency: str | None = Field(default=None, min_length=3, max_length=3, examples=["USD"])
