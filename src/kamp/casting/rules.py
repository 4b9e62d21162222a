"""The casting rule over plain data: gaps, profile fit, the keep / train / transfer-and-hire
decision with the gaps behind it, a development plan per negative gap, and the vacancies.

Method (kam-methodology §4.2): gap = attained − required (negative: below the requirement);
fit = Σ wᵢ·min(attainedᵢ, requiredᵢ) / Σ wᵢ·requiredᵢ. The rule is checked in this order:

1. **transfer_hire** when fit < ``transfer_below`` (0.6) or a *critical aptitude* (an innate
   item, which training does not fix) has a gap ≤ ``aptitude_gap`` (−2);
2. **keep** when fit ≥ ``keep_from`` (0.85) and no critical gap is below 0;
3. **train** otherwise (0.6 ≤ fit < 0.85, or critical gaps of −1 only).

No Django here: the functions take and return dataclasses, so tests use literal examples.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Decision = Literal["keep", "train", "transfer_hire"]
DECISIONS: tuple[Decision, ...] = ("keep", "train", "transfer_hire")


@dataclass(frozen=True)
class Thresholds:
    """The rule's configurable thresholds."""

    keep_from: float = 0.85
    transfer_below: float = 0.6
    aptitude_gap: int = -2

    def __post_init__(self) -> None:
        if not 0 <= self.transfer_below <= self.keep_from <= 1:
            raise ValueError("thresholds need 0 ≤ transfer_below ≤ keep_from ≤ 1")
        if self.aptitude_gap > -1:
            raise ValueError("aptitude_gap is a negative whole number (−1 or below)")


@dataclass(frozen=True)
class Requirement:
    """What a role requires of one competency."""

    competency: str
    required: int
    weight: float = 1.0
    critical: bool = False
    aptitude: bool = False


@dataclass(frozen=True)
class Gap:
    competency: str
    required: int
    attained: int
    weight: float
    critical: bool
    aptitude: bool

    @property
    def gap(self) -> int:
        return self.attained - self.required

    def as_dict(self) -> dict[str, object]:
        return {
            "competency": self.competency,
            "required": self.required,
            "attained": self.attained,
            "gap": self.gap,
            "critical": self.critical,
        }


@dataclass(frozen=True)
class Verdict:
    """A decision, the fit it rests on, and the rule and gaps that made it."""

    decision: Decision
    fit: float
    reason: str
    because: tuple[Gap, ...] = field(default=())
    gaps: tuple[Gap, ...] = field(default=())


def gaps(requirements: list[Requirement], attained: dict[str, int]) -> list[Gap]:
    """One gap per requirement; a competency never assessed counts as attained level 0."""
    return [
        Gap(
            competency=r.competency,
            required=r.required,
            attained=attained.get(r.competency, 0),
            weight=r.weight,
            critical=r.critical,
            aptitude=r.aptitude,
        )
        for r in requirements
    ]


def fit(found: list[Gap]) -> float:
    """Σ wᵢ·min(attainedᵢ, requiredᵢ) / Σ wᵢ·requiredᵢ (1.0 when nothing is required)."""
    total = sum(g.weight * g.required for g in found)
    if total <= 0:
        return 1.0
    return sum(g.weight * min(g.attained, g.required) for g in found) / total


def decide(found: list[Gap], thresholds: Thresholds | None = None) -> Verdict:
    """The casting decision for one person, explained by the gaps behind it."""
    t = thresholds or Thresholds()
    value = round(fit(found), 4)
    everything = tuple(found)
    aptitude = tuple(g for g in found if g.critical and g.aptitude and g.gap <= t.aptitude_gap)
    below = tuple(g for g in found if g.gap < 0)
    critical_below = tuple(g for g in below if g.critical)
    if value < t.transfer_below:
        return Verdict("transfer_hire", value, "fit_below_transfer", below, everything)
    if aptitude:
        return Verdict("transfer_hire", value, "critical_aptitude_gap", aptitude, everything)
    if value >= t.keep_from and not critical_below:
        return Verdict("keep", value, "fit_and_critical_met", below, everything)
    if value >= t.keep_from:
        return Verdict("train", value, "critical_gap", critical_below, everything)
    return Verdict("train", value, "fit_between", below, everything)


@dataclass(frozen=True)
class PlanStep:
    """A training action for one negative gap, with its dates."""

    competency: str
    title: str
    starts_on: dt.date
    due_on: dt.date
    from_level: int
    to_level: int


#: Weeks of training per missing level: learnable items quicker than aptitudes.
WEEKS_PER_LEVEL = {False: 6, True: 12}


def development_plan(found: list[Gap], start: dt.date) -> list[PlanStep]:
    """One action per negative gap, critical ones first, each starting when the previous ends
    (so a person is not on three courses at once), sized by the levels missing."""
    steps: list[PlanStep] = []
    when = start
    ordered = sorted(
        (g for g in found if g.gap < 0), key=lambda g: (not g.critical, g.gap, g.competency)
    )
    for g in ordered:
        weeks = WEEKS_PER_LEVEL[g.aptitude] * -g.gap
        due = when + dt.timedelta(weeks=weeks)
        title = f"{g.competency}: {g.attained} → {g.required}"
        steps.append(PlanStep(g.competency, title, when, due, g.attained, g.required))
        when = due
    return steps


@dataclass(frozen=True)
class Vacancy:
    """A seat to hire for: the role profile of someone transferred out of a KAM role."""

    profile: str
    replaces: str
    reason: str


def vacancies(verdicts: dict[str, tuple[str, Verdict]]) -> list[Vacancy]:
    """A vacancy per ``transfer_hire`` decision; ``verdicts`` maps person → (profile, verdict)."""
    return [
        Vacancy(profile=profile, replaces=person, reason=v.reason)
        for person, (profile, v) in sorted(verdicts.items())
        if v.decision == "transfer_hire"
    ]


def combine_levels(
    self_level: int | None, manager_level: int | None, peer_levels: list[int], min_raters: int
) -> int | None:
    """The attained level from the views of one competency: the manager's counts twice (the
    manager signs off the evidence), the self view once, and the peers' mean once when at least
    ``min_raters`` peers answered (below that their answers stay out, so none can be traced)."""
    parts: list[tuple[float, int]] = []
    if manager_level is not None:
        parts.append((float(manager_level), 2))
    if self_level is not None:
        parts.append((float(self_level), 1))
    if peer_levels and len(peer_levels) >= min_raters:
        parts.append((sum(peer_levels) / len(peer_levels), 1))
    if not parts:
        return None
    mean = sum(v * w for v, w in parts) / sum(w for _v, w in parts)
    return max(1, min(5, int(mean + 0.5)))


def peer_summary(peer_levels: list[int], min_raters: int) -> dict[str, object]:
    """What may be shown of the peers' answers: count always, mean only from ``min_raters``."""
    shown = len(peer_levels) >= min_raters
    return {
        "count": len(peer_levels),
        "mean": round(sum(peer_levels) / len(peer_levels), 2) if shown and peer_levels else None,
        "hidden": bool(peer_levels) and not shown,
    }
