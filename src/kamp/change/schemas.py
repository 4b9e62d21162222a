"""What the API reads and writes for programme maturity and change management."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema

from kamp.change.maturity import Dimension
from kamp.change.models import Concern

DimensionCode = Literal[tuple(Dimension.values)]  # type: ignore[valid-type]
ConcernKind = Literal[tuple(Concern.Kind.values)]  # type: ignore[valid-type]


class DimensionOut(Schema):
    name: str = Field(description="The dimension's code (one of Storbacka's eight elements).")
    level: float | None = Field(description="Mean of the respondents' levels (1–4).")
    target: int
    evidence: list[str]


class MaturityOut(Schema):
    index: float | None = Field(description="Mean over dimensions of the dimension levels.")
    phase: str | None = Field(description="Woodburn's transition phase: A, B, C or D.")
    dimensions: list[DimensionOut]
    assessed_on: dt.date | None


class AssessmentOut(Schema):
    id: uuid.UUID
    title: str
    assessed_on: dt.date
    status: str
    index: float | None
    phase: str | None


class RatingIn(Schema):
    dimension: DimensionCode  # type: ignore[valid-type]
    level: int = Field(ge=1, le=4)
    evidence: str = ""


class RatingOut(Schema):
    dimension: str
    level: int
    evidence: str


class AnnouncementOut(Schema):
    id: uuid.UUID
    title: str
    body: str
    audience: str
    published_on: dt.date
    read: bool


class PulseAnswerIn(Schema):
    scores: list[int] = Field(description="One score from 1 to 5 per question, in order.")
    comment: str = ""


class QuestionResultOut(Schema):
    text: str
    mean: float
    distribution: list[int] = Field(description="How many gave 1, 2, 3, 4 and 5.")


class PulseResultsOut(Schema):
    id: uuid.UUID
    title: str
    answers: int
    threshold: int = Field(description="Results are shown from this many answers.")
    shown: bool
    questions: list[QuestionResultOut]
    comments: list[str]


class ConcernIn(Schema):
    kind: ConcernKind  # type: ignore[valid-type]
    text: str = Field(min_length=1)


class ConcernOut(Schema):
    id: uuid.UUID
    kind: str
    text: str
    status: str
    answer: str
    review: uuid.UUID | None
    created_on: dt.date
