"""Who covers which key account: a pure optimisation over plain data.

Each account gets at most one KAM. A KAM's **capacity** is counted in tier loads, as in the
selection engine (a KAM holds 3 Gold, or 5 Silver, or 8 Bronze accounts, or a mix of the same
load: a Gold account weighs 1/3 of a KAM, a Bronze one 1/8). Loads are whole numbers of 1/120.

The **fit** of a person to an account (0–1) weighs what the account needs against the person:
its segment (industry) among the person's segments, its relationship stage among the stages the
person handles, its tier against the person's profile fit (a Gold account wants a strong fit),
its countries and their languages. A **continuity bonus** is added for the current KAM, so the
proposal only moves an account when the gain is worth the change.

The problem is a small integer programme solved with SciPy's ``milp``: maximise
Σ (``ASSIGN_VALUE`` + fitᵢⱼ + bonus·currentᵢⱼ)·xᵢⱼ under Σⱼ xᵢⱼ ≤ 1 per account and
Σᵢ loadᵢ·xᵢⱼ ≤ capacityⱼ per KAM. ``ASSIGN_VALUE`` makes covering an account always worth more
than any difference in fit, so accounts go uncovered only when capacity runs out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import lcm

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

DEFAULT_PER_KAM = {"gold": 3, "silver": 5, "bronze": 8}
UNITS = lcm(*DEFAULT_PER_KAM.values())
ASSIGN_VALUE = 10.0
DEFAULT_CONTINUITY = 0.1
#: The part each need takes in the fit.
FIT_WEIGHTS = {"segment": 0.25, "stage": 0.2, "tier": 0.2, "countries": 0.15, "languages": 0.2}
#: The profile fit a tier wants of its KAM.
TIER_FIT = {"gold": 0.85, "silver": 0.7, "bronze": 0.0}
#: Languages spoken in the demo's and most common countries (account needs them spoken).
COUNTRY_LANGUAGES = {
    "ES": "es", "MX": "es", "AR": "es", "CO": "es", "CL": "es", "FR": "fr", "BE": "fr",
    "DE": "de", "AT": "de", "CH": "de", "IT": "it", "PT": "pt", "BR": "pt", "NL": "nl",
    "GB": "en", "IE": "en", "US": "en", "CA": "en", "AU": "en", "SE": "sv", "NO": "no",
    "DK": "da", "FI": "fi", "PL": "pl", "CZ": "cs",
}  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """A person who may cover key accounts."""

    key: str
    profile_fit: float = 1.0
    segments: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    capacity: float = 1.0
    per_kam: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PER_KAM))


@dataclass(frozen=True)
class Account:
    """A key account and what it needs of its KAM."""

    key: str
    tier: str
    segment: str = ""
    stage: str = ""
    countries: frozenset[str] = frozenset()
    current: str | None = None

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(COUNTRY_LANGUAGES[c] for c in self.countries if c in COUNTRY_LANGUAGES)


@dataclass(frozen=True)
class Match:
    """How well one person fits one account, and the needs met and missed."""

    fit: float
    met: tuple[str, ...]
    missed: tuple[str, ...]


def load(tier: str) -> int:
    """The share of a KAM one account of ``tier`` takes, in 1/``UNITS``."""
    return UNITS // DEFAULT_PER_KAM[tier]


def capacity_units(candidate: Candidate) -> int:
    return int(round(candidate.capacity * UNITS))


def _share(needed: frozenset[str], offered: frozenset[str]) -> float:
    return 1.0 if not needed else len(needed & offered) / len(needed)


def match(person: Candidate, account: Account) -> Match:
    """The fit (0–1) of ``person`` to ``account``, need by need."""
    parts = {
        "segment": 1.0 if not account.segment or account.segment in person.segments else 0.0,
        "stage": 1.0 if not account.stage or account.stage in person.stages else 0.0,
        "tier": 1.0
        if person.profile_fit >= TIER_FIT.get(account.tier, 0.0)
        else person.profile_fit,
        "countries": _share(account.countries, person.countries),
        "languages": _share(account.languages, person.languages),
    }
    value = sum(FIT_WEIGHTS[k] * v for k, v in parts.items())
    met = tuple(k for k, v in parts.items() if v >= 1.0)
    missed = tuple(k for k, v in parts.items() if v < 1.0)
    return Match(round(value, 4), met, missed)


@dataclass(frozen=True)
class Line:
    """The proposal for one account beside its current KAM."""

    account: str
    current: str | None
    proposed: str | None
    fit: float
    current_fit: float | None
    met: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.current != self.proposed


def objective(
    people: list[Candidate], accounts: list[Account], continuity: float
) -> dict[tuple[int, int], float]:
    """The value of giving account ``i`` to person ``j``, for every pair."""
    return {
        (i, j): ASSIGN_VALUE + match(p, a).fit + (continuity if a.current == p.key else 0.0)
        for i, a in enumerate(accounts)
        for j, p in enumerate(people)
    }


def propose(
    people: list[Candidate], accounts: list[Account], *, continuity: float = DEFAULT_CONTINUITY
) -> list[Line]:
    """The best assignment within capacity, one line per account (in the accounts' order)."""
    if not accounts:
        return []
    n, m = len(accounts), len(people)
    values = objective(people, accounts, continuity)
    chosen: dict[int, int] = {}
    if m:
        c = -np.array([values[(i, j)] for i in range(n) for j in range(m)])
        rows = []
        for i in range(n):
            row = np.zeros(n * m)
            row[i * m : (i + 1) * m] = 1
            rows.append(row)
        caps = []
        for j, p in enumerate(people):
            row = np.zeros(n * m)
            for i, a in enumerate(accounts):
                row[i * m + j] = load(a.tier)
            rows.append(row)
            caps.append(capacity_units(p))
        upper = np.array([1.0] * n + [float(x) for x in caps])
        result = milp(
            c,
            constraints=LinearConstraint(np.array(rows), -np.inf, upper),
            integrality=np.ones(n * m, dtype=np.int_),
            bounds=Bounds(0, 1),
        )
        if result.x is None:  # pragma: no cover - the problem is always feasible (x = 0)
            raise RuntimeError("the assignment could not be solved")
        for k, x in enumerate(result.x):
            if x > 0.5:
                chosen[k // m] = k % m
    by_key = {p.key: p for p in people}
    lines = []
    for i, a in enumerate(accounts):
        person = people[chosen[i]] if i in chosen else None
        found = match(person, a) if person is not None else Match(0.0, (), ())
        current = by_key.get(a.current) if a.current is not None else None
        lines.append(
            Line(
                account=a.key,
                current=a.current,
                proposed=person.key if person is not None else None,
                fit=found.fit,
                current_fit=match(current, a).fit if current is not None else None,
                met=found.met,
                missed=found.missed,
            )
        )
    return lines


def total_value(
    lines: list[Line], people: list[Candidate], accounts: list[Account], continuity: float
) -> float:
    """The objective of a set of lines (to compare with brute force in tests)."""
    values = objective(people, accounts, continuity)
    index = {p.key: j for j, p in enumerate(people)}
    return sum(
        values[(i, index[line.proposed])]
        for i, line in enumerate(lines)
        if line.proposed is not None
    )
