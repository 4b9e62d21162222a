"""The assignment: capacity in tier loads, fit, continuity, optimality against brute force."""

from __future__ import annotations

import itertools

import pytest

from kamp.casting.assign import Account, Candidate, load, match, propose, total_value

SPAIN = frozenset({"ES"})


def test_tier_loads_follow_selection() -> None:
    assert (load("gold"), load("silver"), load("bronze")) == (40, 24, 15)


def test_fit_counts_each_need() -> None:
    person = Candidate(
        "a", 0.9, frozenset({"Food"}), frozenset({"basic"}), SPAIN, frozenset({"es"})
    )
    account = Account("x", "gold", "Food", "basic", SPAIN)
    assert match(person, account).fit == pytest.approx(1.0)
    weak = Candidate("b", 0.5)
    found = match(weak, account)
    # only the tier part, scaled by the profile fit: 0.2 · 0.5
    assert found.fit == pytest.approx(0.1)
    assert set(found.missed) == {"segment", "stage", "tier", "countries", "languages"}


def test_capacity_three_gold_per_kam() -> None:
    people = [Candidate("a")]
    accounts = [Account(str(i), "gold") for i in range(4)]
    lines = propose(people, accounts)
    assert sum(1 for line in lines if line.proposed == "a") == 3
    assert sum(1 for line in lines if line.proposed is None) == 1
    # eight bronze fit where three gold do; a half-time KAM holds four
    assert all(
        line.proposed for line in propose(people, [Account(str(i), "bronze") for i in range(8)])
    )
    half = propose([Candidate("h", capacity=0.5)], [Account(str(i), "bronze") for i in range(6)])
    assert sum(1 for line in half if line.proposed) == 4


def test_continuity_keeps_the_current_kam_on_a_tie() -> None:
    people = [Candidate("a"), Candidate("b")]
    lines = propose(people, [Account("x", "bronze", current="b")])
    assert lines[0].proposed == "b" and not lines[0].changed
    # a much better fit outweighs continuity
    food = Candidate("a", segments=frozenset({"Food"}))
    lines = propose([food, Candidate("b")], [Account("x", "bronze", "Food", current="b")])
    assert lines[0].proposed == "a" and lines[0].changed


def _people() -> list[Candidate]:
    return [
        Candidate("a", 0.9, frozenset({"Food"}), frozenset({"basic"}), SPAIN, frozenset({"es"})),
        Candidate("b", 0.7, frozenset({"Water"}), frozenset({"integrated"}), frozenset({"FR"})),
        Candidate(
            "c", 0.5, frozenset({"Food", "Water"}), frozenset(), frozenset(), frozenset({"fr"})
        ),
    ]


def _accounts() -> list[Account]:
    return [
        Account("1", "gold", "Food", "basic", SPAIN, current="c"),
        Account("2", "gold", "Water", "integrated", frozenset({"FR"}), current="a"),
        Account("3", "gold", "Water", "basic", frozenset({"FR"})),
    ]


def test_optimal_on_a_small_case_by_brute_force() -> None:
    """Each KAM may hold one gold account (capacity 1/3): the best of all 3! permutations."""
    people = [Candidate(p.key, p.profile_fit, p.segments, p.stages, p.countries, p.languages,
                        capacity=1 / 3) for p in _people()]  # fmt: skip
    accounts = _accounts()
    lines = propose(people, accounts)
    best = 0.0
    for order in itertools.permutations(range(3)):
        value = 0.0
        for i, j in enumerate(order):
            bonus = 0.1 if accounts[i].current == people[j].key else 0.0
            value += 10 + match(people[j], accounts[i]).fit + bonus
        best = max(best, value)
    assert total_value(lines, people, accounts, 0.1) == pytest.approx(best)
    assert len({line.proposed for line in lines}) == 3


def test_no_people_no_assignment() -> None:
    assert propose([], [Account("1", "gold")])[0].proposed is None
    assert propose([Candidate("a")], []) == []
