"""The casting rule on literal examples: every threshold's boundary, in the rule's order."""

from __future__ import annotations

import datetime as dt

import pytest

from kamp.casting.rules import (
    Requirement,
    Thresholds,
    combine_levels,
    decide,
    development_plan,
    fit,
    gaps,
    peer_summary,
    vacancies,
)


def one(required: int, attained: int, *, critical: bool = False, aptitude: bool = False):  # type: ignore[no-untyped-def]
    """A single-requirement case: fit = min(a, r) / r."""
    return gaps(
        [Requirement("x", required, 1.0, critical=critical, aptitude=aptitude)], {"x": attained}
    )


def ten(attained: int, *, critical_short: int = 0, aptitude: bool = False):  # type: ignore[no-untyped-def]
    """A preferred item required at 10 levels' worth (weight 2 x level 5) plus a critical one."""
    return gaps(
        [
            Requirement("a", 5, 18.0),
            Requirement("c", 5, 2.0, critical=True, aptitude=aptitude),
        ],
        {"a": attained, "c": 5 - critical_short},
    )


def test_gap_and_fit_formulas() -> None:
    found = gaps([Requirement("a", 4, 2.0), Requirement("b", 2, 1.0)], {"a": 3, "b": 5})
    assert [g.gap for g in found] == [-1, 3]
    # (2·min(3,4) + 1·min(5,2)) / (2·4 + 1·2) = 8 / 10
    assert fit(found) == pytest.approx(0.8)
    assert fit([]) == 1.0
    assert gaps([Requirement("z", 3)], {})[0].attained == 0


@pytest.mark.parametrize(
    ("required", "attained", "decision", "reason"),
    [
        (20, 17, "keep", "fit_and_critical_met"),  # 0.85 exactly: keep
        (100, 84, "train", "fit_between"),  # 0.84: train
        (10, 6, "train", "fit_between"),  # 0.6 exactly is not below 0.6: train
        (100, 59, "transfer_hire", "fit_below_transfer"),  # 0.59: transfer and hire
    ],
)
def test_fit_boundaries(required: int, attained: int, decision: str, reason: str) -> None:
    """Two preferred items, one met (weight ``attained``) and one missed: fit = a / r."""
    found = gaps(
        [
            Requirement("met", 1, float(attained)),
            Requirement("miss", 1, float(required - attained)),
        ],
        {"met": 1, "miss": 0},
    )
    assert fit(found) == pytest.approx(attained / required)
    verdict = decide(found)
    assert (verdict.decision, verdict.reason) == (decision, reason)


def test_keep_needs_no_critical_gap() -> None:
    # fit 0.98 but the critical item is one level short: train, explained by that gap
    verdict = decide(ten(5, critical_short=1))
    assert verdict.fit == pytest.approx(0.98)
    assert (verdict.decision, verdict.reason) == ("train", "critical_gap")
    assert [g.competency for g in verdict.because] == ["c"]


def test_critical_aptitude_gap_of_minus_two_means_transfer() -> None:
    verdict = decide(ten(5, critical_short=2, aptitude=True))
    assert verdict.fit >= 0.85
    assert (verdict.decision, verdict.reason) == ("transfer_hire", "critical_aptitude_gap")
    # a learnable critical item two levels short is trained, not transferred
    assert decide(ten(5, critical_short=2)).decision == "train"
    # an aptitude one level short is trained
    assert decide(ten(5, critical_short=1, aptitude=True)).decision == "train"


def test_single_item_examples() -> None:
    assert decide(one(4, 4, critical=True)).decision == "keep"
    assert decide(one(4, 3, critical=True)).decision == "train"  # fit 0.75
    assert decide(one(5, 2)).decision == "transfer_hire"  # fit 0.4


def test_thresholds_are_configurable() -> None:
    strict = Thresholds(keep_from=0.95, transfer_below=0.8, aptitude_gap=-1)
    found = one(10, 9)
    assert decide(found).decision == "keep"
    assert decide(found, strict).decision == "train"
    assert decide(one(10, 7), strict).decision == "transfer_hire"
    assert decide(one(4, 3, critical=True, aptitude=True), strict).decision == "transfer_hire"
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(keep_from=0.5, transfer_below=0.6)
    with pytest.raises(ValueError, match="aptitude_gap"):
        Thresholds(aptitude_gap=0)


def test_plan_has_one_dated_action_per_negative_gap() -> None:
    found = gaps(
        [
            Requirement("seller", 4, critical=True),
            Requirement("vision", 4, aptitude=True),
            Requirement("tech", 3),
        ],
        {"seller": 3, "vision": 2, "tech": 3},
    )
    steps = development_plan(found, dt.date(2026, 1, 5))
    assert [s.competency for s in steps] == ["seller", "vision"]
    assert steps[0].starts_on == dt.date(2026, 1, 5)
    assert steps[0].due_on == dt.date(2026, 2, 16)  # 6 weeks for one learnable level
    assert steps[1].starts_on == steps[0].due_on
    assert steps[1].due_on == steps[1].starts_on + dt.timedelta(weeks=24)


def test_vacancies_follow_transfer_decisions() -> None:
    verdicts = {"ana": ("KAM", decide(one(5, 1))), "bo": ("KAM", decide(one(5, 5)))}
    assert [(v.profile, v.replaces) for v in vacancies(verdicts)] == [("KAM", "ana")]


def test_anonymity_minimum_of_peer_raters() -> None:
    # two peers (below three): their answers neither count nor show
    assert combine_levels(None, None, [1, 1], 3) is None
    assert combine_levels(4, None, [1, 1], 3) == 4
    assert peer_summary([1, 1], 3) == {"count": 2, "mean": None, "hidden": True}
    # three peers: they count once and their mean shows
    assert combine_levels(None, None, [2, 3, 4], 3) == 3
    assert peer_summary([2, 3, 4], 3) == {"count": 3, "mean": 3.0, "hidden": False}
    # configurable minimum
    assert combine_levels(None, None, [1, 1], 2) == 1
    # manager counts twice: (2·2 + 5) / 3 = 3
    assert combine_levels(5, 2, [], 3) == 3
    assert combine_levels(5, 4, [5, 5, 5], 3) == 5  # (8 + 5 + 5) / 4 = 4.5 rounds up
