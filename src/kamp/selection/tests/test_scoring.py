"""Scoring models, worked by hand: weighted trees, normalisations, missing data, quadrants."""

from __future__ import annotations

import tomllib
from typing import Any

import polars as pl
import pytest

from kamp.selection.scoring import (
    ModelError,
    explain,
    model_to_dict,
    parse_model,
    score_accounts,
    to_toml,
)

ISSUE_EXAMPLE = """
name = "Attractiveness x strength"
scale = 10                        # scores out of 10, or 100
[[axes]]
key = "attractiveness"            # or "strength"
[[axes.groups]]
name = "Market forces"
weight = 30
[[axes.groups.criteria]]
key = "size"
weight = 40
manual = true                     # scored by the team
[[axes.groups.criteria]]
key = "growth"
weight = 60
metric = "revenue_cagr_3y"        # computed from the sales data
normalise = "percentile"
[[axes.groups]]
name = "Profit"
weight = 70
[[axes.groups.criteria]]
key = "margin"
weight = 100
metric = "margin_pct"
normalise = "minmax"
[[axes]]
key = "strength"
[[axes.groups]]
name = "Relationship"
weight = 100
[[axes.groups.criteria]]
key = "breadth"
weight = 100
metric = "product_lines"
normalise = "thresholds"
thresholds = [2, 4]
"""


def model(**changes: Any) -> dict[str, Any]:
    data = tomllib.loads(ISSUE_EXAMPLE)
    data.update(changes)
    return data


def frame() -> pl.DataFrame:
    """Three accounts; B has no CAGR (no sales three years ago)."""
    return pl.DataFrame(
        {
            "account": [1, 2, 3],
            "revenue_cagr_3y": [0.10, None, 0.30],
            "margin_pct": [20.0, 30.0, 40.0],
            "product_lines": [1, 2, 5],
        }
    )


def manual() -> pl.DataFrame:
    return pl.DataFrame({"account": [1, 2], "criterion": ["size", "size"], "score": [8.0, 4.0]})


def test_it_reads_the_file_format_of_the_issue() -> None:
    spec = parse_model(model())
    assert spec.name == "Attractiveness x strength"
    assert spec.scale == 10
    assert [g.name for g in spec.axis("attractiveness").groups] == ["Market forces", "Profit"]
    assert spec.manual_keys == ["size"]


def test_it_computes_a_two_level_weighted_index_by_hand() -> None:
    """Account 1: size 8 (manual); growth percentile among {0.10, 0.30} = 0 -> 0; margin
    min-max (20 of 20..40) = 0.  Market forces = 0.4 x 8 + 0.6 x 0 = 3.2; attractiveness =
    0.3 x 3.2 + 0.7 x 0 = 0.96.  Account 3: size missing (reweight: growth takes the whole
    group) growth = 10; margin = 10 -> 0.3 x 10 + 0.7 x 10 = 10.  Account 2: growth missing
    -> size takes the group: 4; margin (30) = 5 -> 0.3 x 4 + 0.7 x 5 = 4.7."""
    scored = score_accounts(frame(), parse_model(model()), manual())
    assert scored["attractiveness"].to_list() == pytest.approx([0.96, 4.7, 10.0])
    row = scored.row(0, named=True)
    assert row["contribution__size"] == pytest.approx(0.3 * 0.4 * 8)
    assert row["contribution__growth"] == pytest.approx(0.0)
    assert row["contribution__margin"] == pytest.approx(0.0)


def test_contributions_add_up_to_the_axis_score() -> None:
    scored = score_accounts(frame(), parse_model(model()), manual())
    for row in scored.iter_rows(named=True):
        parts = [row[f"contribution__{k}"] for k in ("size", "growth", "margin")]
        assert sum(parts) == pytest.approx(row["attractiveness"])


def test_thresholds_count_the_cut_points_reached() -> None:
    """Thresholds [2, 4] on a 10 scale give 0, 5, 10; a value on a threshold reaches it."""
    scored = score_accounts(frame(), parse_model(model()), manual())
    assert scored["strength"].to_list() == [0.0, 5.0, 10.0]


def test_thresholds_use_explicit_points_and_invert() -> None:
    data = model()
    breadth = data["axes"][1]["groups"][0]["criteria"][0]
    breadth.update(points=[1, 6, 9], invert=True)
    scored = score_accounts(frame(), parse_model(data), manual())
    assert scored["strength"].to_list() == [9.0, 4.0, 1.0]


def test_percentile_ties_share_their_average_rank() -> None:
    """Values 10, 20, 20, 40: ranks 1, 2.5, 2.5, 4 -> (rank - 1) / 3 x 10 = 0, 5, 5, 10."""
    data = model(missing="zero")
    data["axes"][0]["groups"] = [
        {
            "name": "Size",
            "weight": 100,
            "criteria": [
                {"key": "rev", "weight": 100, "metric": "revenue_12m", "normalise": "percentile"}
            ],
        }
    ]
    accounts = pl.DataFrame(
        {"account": [1, 2, 3, 4], "revenue_12m": [10.0, 20.0, 20.0, 40.0], "product_lines": 1}
    )
    scored = score_accounts(accounts, parse_model(data))
    assert scored["attractiveness"].to_list() == pytest.approx([0.0, 5.0, 5.0, 10.0])


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # size missing for account 3 (scores 0, 5, or leaves growth alone in the group)
        ("zero", 0.3 * (0.4 * 0 + 0.6 * 10) + 0.7 * 10),
        ("midpoint", 0.3 * (0.4 * 5 + 0.6 * 10) + 0.7 * 10),
        ("reweight", 0.3 * 10 + 0.7 * 10),
    ],
)
def test_missing_data_is_handled_as_the_model_says(policy: str, expected: float) -> None:
    scored = score_accounts(frame(), parse_model(model(missing=policy)), manual())
    assert scored["attractiveness"][2] == pytest.approx(expected)


def test_a_group_whose_criteria_are_all_missing_gives_its_weight_away() -> None:
    """Account 4 has no size score and no CAGR: Profit takes the whole axis."""
    accounts = frame().vstack(
        pl.DataFrame(
            {"account": [4], "revenue_cagr_3y": [None], "margin_pct": [40.0], "product_lines": [0]},
            schema=frame().schema,
        )
    )
    scored = score_accounts(accounts, parse_model(model()), manual())
    assert scored["attractiveness"][3] == pytest.approx(10.0)


def test_a_criterion_can_override_the_models_missing_policy() -> None:
    data = model(missing="reweight")
    data["axes"][0]["groups"][0]["criteria"][0]["missing"] = "zero"
    scored = score_accounts(frame(), parse_model(data), manual())
    assert scored["attractiveness"][2] == pytest.approx(0.3 * 0.6 * 10 + 0.7 * 10)


def test_quadrants_and_tiers_split_at_the_threshold_inclusive() -> None:
    data = model()
    data["matrix"] = {"attractiveness_threshold": 4.7, "strength_threshold": 5}
    scored = score_accounts(frame(), parse_model(data), manual())
    # (0.96, 0) low/low; (4.7, 5) on both thresholds: high/high; (10, 10) high/high
    assert scored["quadrant"].to_list() == ["low_low", "high_high", "high_high"]
    assert scored["tier"].to_list() == ["bronze", "gold", "gold"]


def test_quadrants_take_their_labels_policies_and_tiers_from_the_model() -> None:
    data = model()
    data["matrix"] = {
        "quadrants": [{"key": "low_low", "label": "Streamline", "policy": "Cut", "tier": "silver"}]
    }
    spec = parse_model(data)
    assert spec.matrix.quadrant("low_low").label == "Streamline"
    assert spec.matrix.quadrant("low_low").tier == "silver"
    assert spec.matrix.quadrant("high_high").tier == "gold"


def test_scale_100_scores_out_of_100() -> None:
    scored = score_accounts(
        frame(), parse_model(model(scale=100)), manual().with_columns(score=pl.col("score") * 10)
    )
    assert scored["attractiveness"].to_list() == pytest.approx([9.6, 47.0, 100.0])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["axes"][0]["groups"][0].update(weight=31), "sum to 101"),
        (lambda d: d["axes"][0]["groups"][0]["criteria"][0].update(weight=50), "sum to 110"),
        (
            lambda d: d["axes"][0]["groups"][0]["criteria"][1].update(metric="luck"),
            "unknown metric",
        ),
        (lambda d: d["axes"][0]["groups"][0]["criteria"][0].update(metric="revenue_12m"), "either"),
        (lambda d: d.update(scale=7), "scale must be 10 or 100"),
        (lambda d: d["axes"].pop(0), "attractiveness alone"),
        (lambda d: d["axes"][1]["groups"][0]["criteria"][0].update(key="size"), "unique"),
        (lambda d: d["axes"][1]["groups"][0]["criteria"][0].update(thresholds=[4, 2]), "ascending"),
        (lambda d: d.update(name=""), "needs a name"),
        (
            lambda d: d.update(matrix={"quadrants": [{"key": "high_high", "tier": "platinum"}]}),
            "tier",
        ),
    ],
)
def test_it_names_what_is_wrong_with_a_model(change: Any, problem: str) -> None:
    data = model()
    change(data)
    with pytest.raises(ModelError, match=problem):
        parse_model(data)


def test_it_lists_every_problem_at_once() -> None:
    data = model(scale=7)
    data["axes"][0]["groups"][0]["weight"] = 1
    with pytest.raises(ModelError) as caught:
        parse_model(data)
    assert len(caught.value.problems) == 2


def test_toml_round_trips() -> None:
    spec = parse_model(model())
    again = parse_model(tomllib.loads(to_toml(spec)))
    assert model_to_dict(again) == model_to_dict(spec)
    assert 'metric = "revenue_cagr_3y"' in to_toml(spec)
    assert "weight = 30\n" in to_toml(spec)


def test_explain_lists_each_criterion_with_its_contribution() -> None:
    spec = parse_model(model())
    scored = score_accounts(frame(), spec, manual())
    rows = explain(scored.row(0, named=True), spec)
    assert [r["criterion"] for r in rows] == ["size", "growth", "margin", "breadth"]
    assert rows[0]["value"] == 8.0 and rows[0]["manual"]
    assert rows[2]["value"] == 20.0 and rows[2]["group_weight"] == 70


@pytest.mark.parametrize(
    "text",
    [
        "Carriage\rreturn",
        "Bell\x07and\x1fother control characters",
        'Say "key" accounts',
        "Back\\slash \\n and a trailing \\",
        "Line\nbreak\tand tab, \u00e9t\u00e9 \U0001f600",
    ],
)
def test_toml_round_trips_any_text(text: str) -> None:
    spec = parse_model(model(name=f"Model {text}", description=text))
    data = model_to_dict(spec)
    data["axes"][0]["label"] = text
    data["axes"][0]["groups"][0]["criteria"][0]["label"] = text
    data["matrix"]["quadrants"][0]["policy"] = text
    spec = parse_model(data)
    again = parse_model(tomllib.loads(to_toml(spec)))
    assert again == spec
    assert again.name == f"Model {text}" and again.description == text
