"""The scoring engine against its sources (issue 10, "every figure right"), on plain frames:
declared ranges, minimum evidence, points criteria, rankings and classes, and the objective.

Each defect of the issue has a regression test here (the engine) and in ``test_cli_fidelity``
(``kamp select --json`` and the API).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from kamp.selection.engine import SelectionParams, params_from_dict, run_selection
from kamp.selection.optimise import Capacity
from kamp.selection.presets import preset
from kamp.selection.scoring import ModelError, parse_model, score_accounts

AS_OF = dt.date(2025, 12, 31)
ONE_EACH = {"gold": 1, "silver": 1, "bronze": 1}


def criterion(key: str, weight: float, **more: Any) -> dict[str, Any]:
    return {"key": key, "weight": weight, **more}


def axis(key: str, *criteria: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "groups": [{"name": key, "weight": 100, "criteria": list(criteria)}]}


def two_axes(attractiveness: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "name": "Test",
        "scale": 100,
        "axes": [
            axis("attractiveness", *attractiveness),
            axis(
                "strength",
                criterion("breadth", 100, metric="product_lines", normalise="none", range=[0, 10]),
            ),
        ],
        **more,
    }


# -- 1. A 0-10 metric in a 0-100 model ---------------------------------------------------------


def test_a_0_to_10_metric_is_rescaled_into_a_0_to_100_model() -> None:
    """Segment fit 9 (out of 10) is 90 out of 100, not 9: the metric's natural range."""
    spec = parse_model(two_axes([criterion("fit", 100, metric="segment_fit", normalise="none")]))
    assert spec.axis("attractiveness").groups[0].criteria[0].range == (0, 10)
    frame = pl.DataFrame({"account": [1, 2], "segment_fit": [9.0, 10.0], "product_lines": [5, 10]})
    scored = score_accounts(frame, spec)
    assert scored["attractiveness"].to_list() == pytest.approx([90.0, 100.0])
    assert scored["strength"].to_list() == pytest.approx([50.0, 100.0])


def test_a_metric_used_as_it_is_declares_its_range() -> None:
    data = two_axes([criterion("margin", 100, metric="margin_pct", normalise="none")])
    with pytest.raises(ModelError, match=r"declare the metric's range, e.g. range = \[0, 10\]"):
        parse_model(data)
    data["axes"][0]["groups"][0]["criteria"][0]["range"] = [-20, 60]
    scored = score_accounts(
        pl.DataFrame({"account": [1], "margin_pct": [40.0], "product_lines": [1]}),
        parse_model(data),
    )
    assert scored["attractiveness"][0] == pytest.approx(75.0)  # (40 + 20) / 80 x 100


def test_team_scores_of_lower_is_better_criteria_are_inverted() -> None:
    """Fiocca's difficulty is scored by the team (high = difficult) and counts as ease: a
    difficulty of 2 out of 10 is an ease of 8 (it used to count as 2)."""
    data = manual_model(min_evidence=0)
    data["axes"][1]["groups"][0]["criteria"][0]["invert"] = True
    scored = score_accounts(accounts(), parse_model(data), team_scores())
    assert scored["strength"].to_list() == pytest.approx([0.0, 4.0])


def test_presets_declare_the_range_of_what_they_use_as_it_is() -> None:
    spec = parse_model(preset("mcdonald"))
    fit = next(c for _a, _g, c in spec.criteria if c.key == "segment_fit")
    assert fit.range == (0, 10)


# -- 5. Minimum share of weight with evidence --------------------------------------------------


def manual_model(**more: Any) -> dict[str, Any]:
    """Every criterion scored by the team, missing ones reweighted."""
    return {
        "name": "Team",
        "scale": 10,
        "missing": "reweight",
        "axes": [
            axis(
                "attractiveness",
                criterion("prestige", 50, manual=True),
                criterion("leadership", 50, manual=True),
            ),
            axis("strength", criterion("buyer_power", 100, manual=True)),
        ],
        **more,
    }


def team_scores() -> pl.DataFrame:
    """Account 1: one score only (prestige 10); account 2: every criterion, 6 and 6 and 6."""
    rows = [
        (1, "prestige", 10.0),
        (2, "prestige", 6.0),
        (2, "leadership", 6.0),
        (2, "buyer_power", 6.0),
    ]
    return pl.DataFrame(rows, schema=["account", "criterion", "score"], orient="row")


def accounts() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "account": [1, 2],
            "source_id": ["G1", "G2"],
            "name": ["One", "Two"],
            "companies": [1, 1],
            "revenue_12m": [100.0, 50.0],
            "margin_12m": [10.0, 5.0],
            "revenue_y1": [90.0, 40.0],
        }
    )


def test_below_the_minimum_evidence_an_account_has_not_enough_data() -> None:
    """Account 1 has evidence for 50 % of attractiveness and none of strength: no score (it
    used to score 10 out of 10 on attractiveness from its single team score)."""
    scored = score_accounts(accounts(), parse_model(manual_model()), team_scores())
    one, two = scored.iter_rows(named=True)
    assert (one["enough_data"], one["evidence"]) == (False, 0.0)
    assert (one["attractiveness"], one["strength"], one["quadrant"], one["tier"]) == (
        None,
        None,
        None,
        None,
    )
    assert (two["enough_data"], two["attractiveness"], two["strength"]) == (True, 6.0, 6.0)


def test_an_account_without_enough_data_is_never_proposed() -> None:
    outcome = run_selection(
        accounts(),
        parse_model(manual_model()),
        SelectionParams(Capacity(kams=5, per_kam=ONE_EACH)),
        as_of=AS_OF,
        manual=team_scores(),
    )
    rows = {r["source_id"]: r for r in outcome.frame.iter_rows(named=True)}
    assert (rows["G1"]["selected"], rows["G1"]["reason"]) == (False, "no_data")
    assert rows["G2"]["selected"]
    # Nor can a decision include it: it has no score to stand on.
    params = params_from_dict(
        {
            "kams": 5,
            "per_kam": ONE_EACH,
            "overrides": [{"account": "G1", "include": True, "reason": "friend"}],
        }
    )
    with pytest.raises(ValueError, match="Not enough data to score, so they cannot be included"):
        run_selection(
            accounts(), parse_model(manual_model()), params, as_of=AS_OF, manual=team_scores()
        )


def test_the_minimum_evidence_is_set_per_model() -> None:
    """With ``min_evidence = 0`` the single score stands again (the old behaviour); a model may
    not ask for more than 100 %."""
    scored = score_accounts(accounts(), parse_model(manual_model(min_evidence=0)), team_scores())
    assert scored["attractiveness"][0] == 10.0
    with pytest.raises(ModelError, match="min_evidence"):
        parse_model(manual_model(min_evidence=120))


# -- 6. The objective --------------------------------------------------------------------------


def test_the_objective_rewards_strength_where_the_old_one_counted_size_twice() -> None:
    """One KAM slot. Big: attractiveness 9 (its size), strength 1, potential 1,000. Close:
    attractiveness 6, strength 9, potential 300. The old value, attractiveness / 10 x potential,
    picked Big (900 against 180); the new, 0.5 x 9/10 + 0.5 x 1/10 = 0.5 against
    0.5 x 6/10 + 0.5 x 9/10 = 0.75, picks Close."""
    frame = pl.DataFrame(
        {
            "account": [1, 2],
            "source_id": ["BIG", "CLOSE"],
            "name": ["Big", "Close"],
            "companies": [1, 1],
            "revenue_12m": [1000.0, 300.0],
            "margin_12m": [100.0, 30.0],
            "revenue_y1": [1000.0, 300.0],
            "potential": [1000.0, 300.0],
        }
    )
    spec = parse_model(manual_model(min_evidence=60))
    scores = pl.DataFrame(
        [
            (1, "prestige", 9.0),
            (1, "leadership", 9.0),
            (1, "buyer_power", 1.0),
            (2, "prestige", 6.0),
            (2, "leadership", 6.0),
            (2, "buyer_power", 9.0),
        ],
        schema=["account", "criterion", "score"],
        orient="row",
    )
    one_slot = Capacity(kams=1, per_kam=ONE_EACH, max_accounts=1)
    outcome = run_selection(frame, spec, SelectionParams(one_slot), as_of=AS_OF, manual=scores)
    old = (outcome.frame["attractiveness"] / 10 * outcome.frame["potential"]).to_list()
    assert old == pytest.approx([900.0, 180.0])  # the old objective's choice: Big
    assert outcome.frame["value"].to_list() == pytest.approx([0.5, 0.75])
    assert outcome.frame.filter(pl.col("selected"))["source_id"].to_list() == ["CLOSE"]
    # All the weight on attractiveness: Big again.
    heavy = SelectionParams(one_slot, attractiveness_weight=1.0)
    again = run_selection(frame, spec, heavy, as_of=AS_OF, manual=scores)
    assert again.frame.filter(pl.col("selected"))["source_id"].to_list() == ["BIG"]
    # A risk or cost-to-serve penalty of 0.3 on Close: 0.45 < 0.5, Big wins.
    risky = SelectionParams(one_slot, penalties={"CLOSE": 0.3})
    third = run_selection(frame, spec, risky, as_of=AS_OF, manual=scores)
    assert third.frame["value"].to_list() == pytest.approx([0.5, 0.45])
    assert third.frame.filter(pl.col("selected"))["source_id"].to_list() == ["BIG"]


def test_run_parameters_read_the_weight_and_the_penalties() -> None:
    params = params_from_dict({"attractiveness_weight": 0.7, "penalties": {"G1": 0.2}})
    assert (params.attractiveness_weight, dict(params.penalties)) == (0.7, {"G1": 0.2})
    with pytest.raises(ValueError, match="attractiveness_weight"):
        params_from_dict({"attractiveness_weight": 2})
    with pytest.raises(ValueError, match="penalties"):
        params_from_dict({"penalties": {"G1": -1}})
    assert params_from_dict({"potential": "revenue_12m"}).attractiveness_weight == 0.5


# -- 7. Points, rankings and classes -----------------------------------------------------------


def index_scores() -> pl.DataFrame:
    """Points out of each maximum (15, 15, 15, 15, 20, 20): 86 (A), 63 (B), exactly 40 (C's
    lower bound), and a fourth account with only two criteria scored (30 % of the weight)."""
    keys = ["profile", "size", "age", "decision_maker", "opportunity", "history"]
    given = {
        1: [15, 12, 14, 15, 15, 15],
        2: [10, 10, 10, 10, 12, 11],
        3: [5, 5, 5, 5, 10, 10],
        4: [15, 15],
    }
    rows = [
        (a, k, float(p)) for a, points in given.items() for k, p in zip(keys, points, strict=False)
    ]
    return pl.DataFrame(rows, schema=["account", "criterion", "score"], orient="row")


def test_the_account_scoring_index_adds_points_and_bands_them_into_classes() -> None:
    spec = parse_model(preset("scoring_index"))
    assert spec.is_ranking and spec.scale == 100
    frame = pl.DataFrame({"account": [1, 2, 3, 4]})
    scored = score_accounts(frame, spec, index_scores())
    assert scored["attractiveness"].to_list()[:3] == pytest.approx([86.0, 63.0, 40.0])
    assert scored["class"].to_list() == ["A", "B", "C", None]
    assert scored["tier"].to_list() == ["gold", "silver", "bronze", None]
    assert scored["strength"].to_list() == [None] * 4 and scored["quadrant"].to_list() == [None] * 4
    # Each contribution is the criterion's points: they add up to the index.
    row = scored.row(0, named=True)
    assert row["contribution__opportunity"] == pytest.approx(15.0)
    assert row["contribution__size"] == pytest.approx(12.0)
    assert (row["evidence"], scored["evidence"][3]) == (100.0, 30.0)


def test_points_must_add_up_to_the_scale_and_bands_must_start_at_zero() -> None:
    data = preset("scoring_index")
    data["axes"][0]["groups"][0]["criteria"][0]["max"] = 20
    with pytest.raises(ModelError, match="add up to 105, not 100"):
        parse_model(data)
    data = preset("scoring_index")
    data["axes"][0]["bands"] = [{"name": "A", "min": 80}, {"name": "B", "min": 60}]
    with pytest.raises(ModelError, match="the lowest band starts at 0"):
        parse_model(data)
    data = preset("scoring_index")
    data["axes"][0]["groups"][0]["criteria"][0].pop("points")
    with pytest.raises(ModelError, match="either every criterion of a group is in points"):
        parse_model(data)


def test_a_matrix_model_may_band_one_axis() -> None:
    data = two_axes(
        [criterion("fit", 100, metric="segment_fit", normalise="none")],
        min_evidence=0,
    )
    data["axes"][0]["bands"] = [{"name": "High", "min": 50}, {"name": "Low", "min": 0}]
    frame = pl.DataFrame({"account": [1, 2], "segment_fit": [9.0, 2.0], "product_lines": [1, 9]})
    scored = score_accounts(frame, parse_model(data))
    assert scored["class"].to_list() == ["High", "Low"]
    assert scored["quadrant"].to_list() == ["high_low", "low_high"]  # tiers still by quadrant
