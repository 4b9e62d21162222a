"""The maturity index and the transition phase on literal examples, and the proposals."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied

from kamp.change import selectors, services
from kamp.change.commands import maturity_report
from kamp.change.maturity import (
    Phase,
    dimension_levels,
    maturity_index,
    phase_for_index,
)
from kamp.change.models import ImprovementAction

if TYPE_CHECKING:
    from conftest import Cast

DAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("index", "phase"),
    [
        (1, Phase.SCOPING),
        (1.74, Phase.SCOPING),
        (Fraction(7, 4), Phase.INTRODUCING),
        (2.49, Phase.INTRODUCING),
        (2.5, Phase.EMBEDDING),
        (3.24, Phase.EMBEDDING),
        (3.25, Phase.OPTIMISING),
        (4, Phase.OPTIMISING),
    ],
)
def test_the_phase_follows_the_written_thresholds(index: float, phase: Phase) -> None:
    assert phase_for_index(index) == phase


def test_the_index_is_the_mean_over_dimensions_of_the_mean_over_respondents() -> None:
    # Portfolio: 1 and 2 by two people -> 1.5; planning: 4 by one person -> 4.
    levels = dimension_levels([("portfolio", 1), ("portfolio", 2), ("planning", 4)])
    assert levels == {"portfolio": Fraction(3, 2), "planning": Fraction(4)}
    index = maturity_index(levels)
    assert index == Fraction(11, 4)  # (1.5 + 4) / 2, not (1 + 2 + 4) / 3
    assert index is not None and phase_for_index(index) == Phase.EMBEDDING
    assert maturity_index({}) is None


def test_an_exact_boundary_is_not_lost_to_floating_point() -> None:
    # Eight dimensions summing to 14 -> exactly 1.75 -> B.
    levels = dimension_levels([(str(n), level) for n, level in enumerate([2, 2, 2, 2, 2, 2, 1, 1])])
    index = maturity_index(levels)
    assert index == Fraction(7, 4) and phase_for_index(index) == Phase.INTRODUCING


def test_respondents_rate_and_the_gaps_propose_actions(cast: Cast) -> None:
    assessment = services.assessment_create(
        actor=cast.director,
        title="Year one",
        assessed_on=DAY,
        targets={"planning": 4},
        respondents=[cast.kam],
    )
    services.assessment_rate(
        actor=cast.director, assessment=assessment, dimension="planning", level=2
    )
    services.assessment_rate(
        actor=cast.kam, assessment=assessment, dimension="planning", level=3, evidence="Plans ok"
    )
    services.assessment_rate(actor=cast.kam, assessment=assessment, dimension="portfolio", level=3)
    result = selectors.assessment_result(assessment=assessment)
    planning = next(d for d in result.dimensions if d.code == "planning")
    assert (planning.level, planning.target, planning.gap) == (2.5, 4, True)
    assert result.index == 2.75 and result.phase == "C"
    made = services.assessment_propose_actions(actor=cast.director, assessment=assessment)
    assert {a.dimension for a in made} == {"planning"}
    assert services.assessment_propose_actions(actor=cast.director, assessment=assessment) == []
    with pytest.raises(PermissionDenied):
        services.assessment_rate(
            actor=cast.viewer, assessment=assessment, dimension="planning", level=1
        )
    report = maturity_report()
    assert report["index"] == 2.75 and report["phase"] == "C"
    assert report["assessed_on"] == "2026-03-02"
    assert {"name": "planning", "level": 2.5, "target": 4, "evidence": ["Plans ok"]} in report[
        "dimensions"
    ]


def test_an_accepted_action_flows_into_the_roadmap_and_back(cast: Cast) -> None:
    from kamp.programme import services as programme
    from kamp.programme.models import Milestone, ReviewAction

    assessment = services.assessment_create(actor=cast.director, title="Y", assessed_on=DAY)
    action = services.improvement_action_create(
        actor=cast.director, assessment=assessment, dimension="team", title="Train the KAMs"
    )
    services.improvement_action_accept(actor=cast.director, action=action, owner=cast.kam)
    milestone = Milestone.objects.get()
    assert (milestone.phase, milestone.title, milestone.owner) == (
        "improvement",
        "Train the KAMs",
        cast.kam,
    )
    review_action = ReviewAction.objects.get()
    assert review_action.review.status == "planned"
    action.refresh_from_db()
    assert action.progress == "planned"
    # Done on the roadmap -> done here.
    programme.milestone_update(actor=cast.director, milestone=milestone, status="done")
    assert ImprovementAction.objects.get().progress == "done"
    other = services.improvement_action_create(
        actor=cast.director, assessment=assessment, dimension="team", title="Coach the KAMs"
    )
    services.improvement_action_accept(actor=cast.director, action=other)
    services.improvement_action_complete(actor=cast.director, action=other)
    other.refresh_from_db()
    assert other.progress == "done" and other.review_action is not None
    assert other.review_action.done
    # The same planned review gathers both.
    assert ReviewAction.objects.values("review").distinct().count() == 1
    with pytest.raises(PermissionDenied):
        services.improvement_action_dismiss(actor=cast.executive, action=other)
