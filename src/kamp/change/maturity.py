"""Programme maturity: the dimensions, the level anchors, the index and the transition phase.

Pure computation over plain data (method §2.5): each of Storbacka's eight design elements of a
strategic account management programme is a dimension, rated 1–4 on the CSO Insights process
levels; the maturity index is their mean and Woodburn's transition phase (A–D) is its label.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from django_stubs_ext import StrPromise


class Dimension(models.TextChoices):
    """Storbacka (2012)'s eight design elements, inter- then intra-organisational."""

    PORTFOLIO = "portfolio", _("Account portfolio definition")
    PLANNING = "planning", _("Account business planning")
    VALUE_PROPOSITION = "value_proposition", _("Account-specific value proposition")
    PROCESS = "process", _("Account management process")
    INTEGRATION = "integration", _("Organisational integration")
    SUPPORT = "support", _("Support capabilities")
    PERFORMANCE = "performance", _("Account performance management")
    TEAM = "team", _("Account team profile and skills")


class Level(models.IntegerChoices):
    """The CSO Insights process levels, used as the anchors of every rating."""

    RANDOM = 1, _("Random: no common way, each person does it their own way")
    INFORMAL = 2, _("Informal: a way exists but nobody checks it is followed")
    FORMAL = 3, _("Formal: the way is enforced and reviewed periodically")
    DYNAMIC = 4, _("Dynamic: monitored continuously and adapted as things change")


class Phase(models.TextChoices):
    """Woodburn (2006)'s phases of the transition to key account management."""

    SCOPING = "A", _("A · Scoping KAM")
    INTRODUCING = "B", _("B · Introducing KAM")
    EMBEDDING = "C", _("C · Embedding KAM")
    OPTIMISING = "D", _("D · Optimising value")


#: Lower bounds of phases B, C and D on the 1–4 index. A design choice of kamp [D]: neither
#: Woodburn nor CSO Insights maps a score to a phase, so the scale from 1 to 4 is cut into four
#: equal bands of 0.75. A bound belongs to the higher phase (an index of exactly 2.5 is C).
PHASE_THRESHOLDS: tuple[tuple[Fraction, Phase], ...] = (
    (Fraction(13, 4), Phase.OPTIMISING),  # 3.25
    (Fraction(5, 2), Phase.EMBEDDING),  # 2.50
    (Fraction(7, 4), Phase.INTRODUCING),  # 1.75
)

#: The level each dimension should reach when the director sets no other target: Formal.
DEFAULT_TARGET = Level.FORMAL


def phase_for_index(index: Fraction | float) -> Phase:
    """Woodburn's phase for a maturity index between 1 and 4 (see :data:`PHASE_THRESHOLDS`)."""
    value = Fraction(index)
    for bound, phase in PHASE_THRESHOLDS:
        if value >= bound:
            return phase
    return Phase.SCOPING


def dimension_levels(ratings: Iterable[tuple[str, int]]) -> dict[str, Fraction]:
    """The level of each rated dimension: the mean of its respondents' ratings.

    ``ratings`` holds (dimension, level) pairs, one per respondent and dimension; dimensions that
    nobody rated are absent from the answer.
    """
    by_dimension: dict[str, list[int]] = {}
    for dimension, level in ratings:
        by_dimension.setdefault(dimension, []).append(level)
    return {d: Fraction(sum(levels), len(levels)) for d, levels in by_dimension.items()}


def maturity_index(levels: Mapping[str, Fraction]) -> Fraction | None:
    """The maturity index: the mean over dimensions of each dimension's level.

    Each dimension's level is first the mean over its respondents (:func:`dimension_levels`),
    so a dimension many people rated weighs as much as one rated by a single person. Only rated
    dimensions count; ``None`` when none is rated.
    """
    if not levels:
        return None
    return sum(levels.values(), Fraction(0)) / len(levels)


def as_number(value: Fraction | None) -> float | None:
    """A level or index for display and JSON: two decimals."""
    return None if value is None else round(float(value), 2)


@dataclass(frozen=True)
class DimensionResult:
    """One dimension of an assessment: its level, target and whether it falls short."""

    code: str
    label: str
    level: float | None
    target: int
    respondents: int
    evidence: list[str]

    @property
    def gap(self) -> bool:
        return self.level is not None and self.level < self.target


#: Improvement actions proposed for a dimension below its target (method §2.5 and §8).
PROPOSALS: dict[str, tuple[StrPromise, ...]] = {
    Dimension.PORTFOLIO: (
        _("Write down the selection criteria and have the steering committee validate them"),
        _("Review the key account portfolio once a year with a selection run"),
    ),
    Dimension.PLANNING: (
        _("Have every key account plan approved at a steering review"),
        _("Set a yearly calendar for plan reviews"),
    ),
    Dimension.VALUE_PROPOSITION: (
        _("Write a value proposition for each Gold account with the customer's KPIs"),
        _("Measure the value delivered and share it with the customer"),
    ),
    Dimension.PROCESS: (
        _("Describe the account management process and train the KAMs on it"),
        _("Check the process at each steering review"),
    ),
    Dimension.INTEGRATION: (
        _("Name an executive sponsor for every key account and hold the cadence"),
        _("Agree with the profit centres how they commit resources to key accounts"),
    ),
    Dimension.SUPPORT: (
        _("Give the KAMs the tools and data they need (CRM, sales facts, templates)"),
        _("Name a contact in each support function for key accounts"),
    ),
    Dimension.PERFORMANCE: (
        _("Follow each key account on a scorecard with targets"),
        _("Align the KAMs' objectives and pay with their accounts' results"),
    ),
    Dimension.TEAM: (
        _("Assess the KAMs against the profile the programme needs"),
        _("Plan training and coaching for each KAM"),
    ),
}
