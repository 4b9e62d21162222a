"""The optimiser respects every constraint; top-N and coverage, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from kamp.selection.optimise import (
    Capacity,
    InfeasibleSelection,
    Limit,
    Problem,
    coverage,
    optimise,
    top_n,
)

# Six accounts: values, tiers, segment and country.
VALUES = np.array([10.0, 9.0, 8.0, 7.0, 3.0, 0.0])
TIERS = ["gold", "gold", "silver", "silver", "bronze", "bronze"]
WATER = np.array([True, True, False, False, True, False])
SPAIN = np.array([False, True, True, False, False, True])


def problem() -> Problem:
    return Problem(
        accounts=["A", "B", "C", "D", "E", "F"],
        values=VALUES,
        tiers=TIERS,
        groups={("segment", "Water"): WATER, ("country", "ES"): SPAIN},
    )


# One KAM holds 2 gold or 4 silver or 4 bronze: loads 2, 1, 1 out of 4 per KAM (lcm 4).
PER_KAM = {"gold": 2, "silver": 4, "bronze": 4}


def chosen(selection: object) -> list[str]:
    accounts = problem().accounts
    return [accounts[i] for i, s in enumerate(selection.selected) if s]  # type: ignore[attr-defined]


def test_it_fills_the_capacity_with_the_most_value() -> None:
    """Capacity 4: A+B (gold, 2+2) = 19 beats A+C+D (2+1+1) = 25? No: 25 > 19, so A, C, D."""
    result = optimise(problem(), Capacity(kams=1, per_kam=PER_KAM))
    assert chosen(result) == ["A", "C", "D"]
    assert (result.objective, result.load, result.capacity) == (25.0, 4, 4)
    assert result.reasons == ["optimal", "capacity", "optimal", "optimal", "capacity", "no_value"]


def test_two_kams_take_more() -> None:
    result = optimise(problem(), Capacity(kams=2, per_kam=PER_KAM))
    assert chosen(result) == ["A", "B", "C", "D", "E"]
    assert result.load == 2 + 2 + 1 + 1 + 1


def test_it_respects_a_maximum_per_group_and_says_so() -> None:
    limit = Limit("country", "ES", maximum=0)
    result = optimise(problem(), Capacity(kams=2, per_kam=PER_KAM), limits=[limit])
    assert chosen(result) == ["A", "D", "E"]
    assert result.binding == ["country:ES"]
    assert result.reasons[1] == "limit"


def test_it_respects_a_minimum_per_group() -> None:
    limit = Limit("segment", "Water", minimum=2)
    result = optimise(problem(), Capacity(kams=1, per_kam=PER_KAM), limits=[limit])
    assert WATER[result.selected].sum() >= 2
    assert chosen(result) == ["A", "C", "E"]  # 21: better than A + B (19)


def test_it_respects_the_portfolio_size() -> None:
    capacity = Capacity(kams=3, per_kam=PER_KAM, max_accounts=2)
    assert chosen(optimise(problem(), capacity)) == ["A", "B"]
    capacity = Capacity(kams=3, per_kam=PER_KAM, min_accounts=6)
    assert chosen(optimise(problem(), capacity)) == ["A", "B", "C", "D", "E", "F"]


def test_must_include_and_must_exclude_win_over_value() -> None:
    result = optimise(problem(), Capacity(kams=1, per_kam=PER_KAM), include=[4], exclude=[0])
    assert chosen(result) == ["B", "C", "E"]
    assert result.reasons[0] == "exclude" and result.reasons[4] == "include"


def test_it_refuses_what_cannot_be_done() -> None:
    with pytest.raises(InfeasibleSelection):
        optimise(problem(), Capacity(kams=1, per_kam=PER_KAM), include=[0, 1, 2])
    with pytest.raises(InfeasibleSelection):
        optimise(problem(), Capacity(kams=1, per_kam=PER_KAM), include=[0], exclude=[0])
    with pytest.raises(InfeasibleSelection):
        limit = Limit("segment", "Water", minimum=4)
        optimise(problem(), Capacity(kams=5, per_kam=PER_KAM), limits=[limit])


def test_every_constraint_holds_on_random_problems() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = 40
        values = rng.uniform(0, 100, n)
        tiers = list(rng.choice(["gold", "silver", "bronze"], n))
        segment = rng.random(n) < 0.3
        p = Problem(list(range(n)), values, tiers, {("segment", "S"): segment})
        capacity = Capacity(kams=3, per_kam={"gold": 3, "silver": 5, "bronze": 8}, max_accounts=12)
        limits = [Limit("segment", "S", minimum=1, maximum=3)]
        result = optimise(p, capacity, limits=limits, include=[0], exclude=[1])
        loads, available = capacity.loads()
        assert sum(loads[t] for t, s in zip(tiers, result.selected, strict=True) if s) <= available
        assert 1 <= segment[result.selected].sum() <= 3
        assert result.selected.sum() <= 12
        assert result.selected[0] and not result.selected[1]


def test_capacity_loads_are_whole_numbers() -> None:
    loads, available = Capacity(kams=2, per_kam={"gold": 3, "silver": 5, "bronze": 8}).loads()
    assert loads == {"gold": 40, "silver": 24, "bronze": 15}
    assert available == 240


def test_top_n_takes_the_largest_revenue_ties_first_listed() -> None:
    revenue = np.array([5.0, 9.0, 9.0, 1.0])
    assert top_n(revenue, 2).tolist() == [False, True, True, False]
    assert top_n(revenue, 1).tolist() == [False, True, False, False]


def test_coverage_by_hand() -> None:
    selected = np.array([True, False, False, False])
    report = coverage(
        selected,
        companies=np.array([4.0, 2.0, 2.0, 2.0]),
        revenue=np.array([60.0, 20.0, 10.0, 10.0]),
        margin=np.array([15.0, 5.0, 5.0, 5.0]),
        revenue_last_year=np.array([50.0, 20.0, 15.0, 5.0]),
    )
    assert report["accounts"] == 1 and report["accounts_share"] == 0.25
    assert report["customers_share"] == 0.4
    assert report["revenue_share"] == 0.6
    assert report["margin_share"] == 0.5
    assert report["growth"] == pytest.approx(0.2)  # 60 / 50 - 1
    assert report["growth_rest"] == pytest.approx(0.0)  # 40 / 40 - 1
    assert report["growth_share"] == pytest.approx(1.0)  # +10 of +10
    assert report["reference"] == {"customers": 0.10, "revenue": 0.50}
