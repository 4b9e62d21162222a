"""Derive a role profile's requirements from the programme's objectives (pure).

A growth-hunting programme needs hunters: seller and visionary are required one level higher
and weigh twice as much. A retention programme leans on influencer and motivator; a
transformation on leader and visionary. Codes not in the framework are ignored, so presets
other than the method's profile get the role's base levels only, with critical items weighted
more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

Objective = Literal["growth", "retention", "transformation", "balanced"]
OBJECTIVES: tuple[Objective, ...] = ("growth", "retention", "transformation", "balanced")
#: The competencies each objective raises.
EMPHASIS: dict[str, tuple[str, ...]] = {
    "growth": ("seller", "visionary", "sales_bizdev", "business_developer"),
    "retention": ("influencer", "motivator", "relationships", "relationship_manager"),
    "transformation": ("leader", "visionary", "creative_change", "org_effectiveness"),
    "balanced": (),
}
#: The level a role requires before emphasis (team leads also need leadership).
BASE_LEVEL = {"global_kam": 4, "kam": 3, "team_lead": 3}
#: The programme's business challenge kinds, read as objectives.
CHALLENGE_OBJECTIVE: dict[str, Objective] = {
    "innovation": "growth",
    "portfolio_asset": "growth",
    "customer_focus": "retention",
    "silos": "transformation",
    "business_model": "transformation",
}


@dataclass(frozen=True)
class Derived:
    code: str
    level: int
    weight: float
    reason: str


def objective_from_challenges(kinds: list[str]) -> Objective:
    """The objective most of the programme's challenges point to (``balanced`` if none)."""
    counted: dict[Objective, int] = {}
    for kind in kinds:
        if kind in CHALLENGE_OBJECTIVE:
            objective = CHALLENGE_OBJECTIVE[kind]
            counted[objective] = counted.get(objective, 0) + 1
    if not counted:
        return "balanced"
    return max(OBJECTIVES, key=lambda o: (counted.get(o, 0), -OBJECTIVES.index(o)))


def derive(competencies: list[tuple[str, bool]], role: str, objective: Objective) -> list[Derived]:
    """Requirements for ``role`` given ``(code, critical)`` pairs and the programme objective."""
    base = BASE_LEVEL.get(role, 3)
    found = []
    for code, critical in competencies:
        level, weight = base, 2.0 if critical else 1.0
        reason = _("Base level of the role; critical items weigh double.")
        if role == "team_lead" and code == "leader":
            level = base + 1
            reason = _("A team lead leads the account team.")
        if code in EMPHASIS[objective]:
            level, weight = level + 1, weight * 2
            reason = _("Raised for the programme's %(objective)s objective.") % {
                "objective": objective
            }
        found.append(Derived(code, min(level, 5), weight, reason))
    return found
