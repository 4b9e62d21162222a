"""Scoring models: two axes of weighted groups and criteria, explainable scores, quadrants.

Plain Python and Polars, no ORM. This module computes the scores. A model's definition and the
reader that checks it are in :mod:`kamp.selection.model_spec`; the TOML file format is in
:mod:`kamp.selection.model_io`. Both are re-exported here.

The arithmetic follows McDonald's directional policy matrix as kam-methodology.md section 1.1
and section 8 describe it: weights sum to 100 at every level, every criterion is scored on the
model's scale (10 or 100), and

    axis score = sum over groups of (group weight / 100) x
                 sum over its criteria of (criterion weight / 100) x criterion score

so the axis score is on the same scale. The *contribution* of a criterion is its term in that
sum: the contributions of an axis add up to the axis score, which is what makes a score
explainable.

A criterion is either computed from a metric (:data:`kamp.selection.metrics.METRICS`) and
normalised to the scale, or a manual score given by the cross-functional scoring team:

* ``percentile``: (average rank - 1) / (n - 1) among the accounts that have a value, x scale;
  ties share their average rank; a single account scores half the scale.
* ``minmax``: (value - min) / (max - min) x scale; all equal: half the scale.
* ``thresholds``: ascending cut points; the score is ``points[k]`` where k thresholds are at or
  below the value (``points`` default to k / len(thresholds) x scale).
* ``none``: the value rescaled from its declared ``range = [low, high]`` (or the metric's
  natural range, :data:`kamp.selection.metrics.METRIC_RANGES`): (value - low) / (high - low) x
  scale, clipped to [0, scale]; so a 0-10 fit is 9 / 10 x 100 = 90 in a 0-100 model, not 9.

``invert = true`` turns "lower is better" metrics around (score = scale - score).

A **points** criterion (``points = true``, ``max = N``) takes raw points from 0 to N (a team
score, or a metric used as it is); on a points axis the maxima add up to the scale and the axis
score is the plain sum of the points (the reader sets each weight to the share of its maximum,
so the weighted sum above *is* that sum, and each contribution is the criterion's points).
Manual values arrive on the model's scale, or out of N for points criteria.

Missing data (a metric without a value, a manual score nobody gave) is handled as the model
says, per criterion or for the whole model (``missing``):

* ``zero``: the criterion scores 0;
* ``midpoint``: it scores half the scale;
* ``reweight``: it is left out and the other criteria of its group share its weight in
  proportion to theirs; a group whose criteria are all missing is left out the same way, and an
  axis with nothing left scores 0.

Whatever the policy, a score needs **evidence**: the share of an axis's weight (group weight x
criterion weight) resting on values that exist, before any filling. Below the model's
``min_evidence`` (default 60 %) on any axis, the account has "not enough data": its axis
scores, quadrant, class and tier are null, and the optimiser never proposes it.

A model with one axis (attractiveness) is a **ranking**: no quadrant; its tier comes from its
bands, else from the attractiveness threshold (at or above: gold, below: bronze). **Bands**
(``[[axes.bands]]``: ``name``, ``min``, optional ``tier``) give each scored account its
``class`` on the banded axis: the highest band whose ``min`` its score reaches.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from kamp.selection.metrics import METRICS

# The model's definition and its file format live in their own modules; the names stay
# importable from here, where the rest of the app has always found them.
from kamp.selection.model_io import model_to_dict, to_toml
from kamp.selection.model_spec import (
    AXES,
    DEFAULT_TIERS,
    MIN_EVIDENCE,
    MISSING,
    NORMALISATIONS,
    QUADRANTS,
    SCALES,
    TIERS,
    Axis,
    Band,
    Criterion,
    Group,
    Matrix,
    ModelError,
    ModelSpec,
    Quadrant,
    default_quadrants,
    parse_model,
)

__all__ = [
    "AXES",
    "DEFAULT_TIERS",
    "MISSING",
    "NORMALISATIONS",
    "QUADRANTS",
    "SCALES",
    "TIERS",
    "MIN_EVIDENCE",
    "Axis",
    "Band",
    "Criterion",
    "Group",
    "Matrix",
    "ModelError",
    "ModelSpec",
    "Quadrant",
    "class_expr",
    "contribution_column",
    "default_quadrants",
    "explain",
    "model_to_dict",
    "parse_model",
    "quadrant_expr",
    "score_accounts",
    "score_column",
    "tier_expr",
    "to_toml",
]


# -- Scoring -----------------------------------------------------------------------------------


def score_column(key: str) -> str:
    return f"score__{key}"


def contribution_column(key: str) -> str:
    return f"contribution__{key}"


def _normalised(c: Criterion, scale: int) -> pl.Expr:
    """The criterion's score on the model's scale, null where the value is missing."""
    if c.manual:
        raw = pl.col(f"manual__{c.key}").cast(pl.Float64)
        if c.max_points is not None:
            given = raw.clip(0, c.max_points) / c.max_points * scale
        else:
            given = raw.clip(0, scale)
        # Team scores turn around too: Fiocca's difficulty criteria count as ease.
        return scale - given if c.invert else given
    value = pl.col(c.metric or "").cast(pl.Float64)
    if c.max_points is not None:
        score = value.clip(0, c.max_points) / c.max_points * scale
    elif c.normalise == "percentile":
        rank = value.rank("average")
        n = value.count()
        share = pl.when(n > 1).then((rank - 1) / (n - 1)).otherwise(pl.lit(0.5))
        score = share * scale
    elif c.normalise == "minmax":
        low, high = value.min(), value.max()
        share = pl.when(high > low).then((value - low) / (high - low)).otherwise(pl.lit(0.5))
        score = share * scale
    elif c.normalise == "thresholds":
        points = c.points or tuple(
            scale * k / len(c.thresholds) for k in range(len(c.thresholds) + 1)
        )
        reached = pl.sum_horizontal(*((value >= t).cast(pl.Int32) for t in c.thresholds))
        score = reached.replace_strict(
            list(range(len(points))), list(points), return_dtype=pl.Float64
        )
    else:
        bottom, top = c.range or (0.0, float(scale))
        score = ((value - bottom) / (top - bottom) * scale).clip(0, scale)
    score = pl.when(value.is_null()).then(None).otherwise(score)
    return scale - score if c.invert else score


def _filled(c: Criterion, policy: str, scale: int) -> pl.Expr:
    """The score with missing values replaced as the policy says (``reweight`` keeps null)."""
    column = pl.col(score_column(c.key))
    if policy == "zero":
        return column.fill_null(0.0)
    if policy == "midpoint":
        return column.fill_null(scale / 2)
    return column


def _contributions(frame: pl.DataFrame, spec: ModelSpec) -> pl.DataFrame:
    """Each criterion's contribution: effective group weight x effective criterion weight x
    score, where "effective" weights share out the weight of criteria and groups left out.

    Three passes, each a set of independent column expressions: the scores with missing values
    filled as the policy says; the weight present in each group and axis; the contributions.
    """
    frame = frame.with_columns(
        _filled(c, c.missing or spec.missing, spec.scale).alias(f"_filled__{c.key}")
        for _a, _g, c in spec.criteria
    )
    present = {c.key: pl.col(f"_filled__{c.key}").is_not_null() for _a, _g, c in spec.criteria}
    within = {
        (a.key, i): pl.sum_horizontal(
            present[c.key].cast(pl.Float64) * c.weight for c in g.criteria
        )
        for a in spec.axes
        for i, g in enumerate(a.groups)
    }
    frame = frame.with_columns(w.alias(f"_within__{a}__{i}") for (a, i), w in within.items())
    totals = [
        pl.sum_horizontal(
            (pl.col(f"_within__{a.key}__{i}") > 0).cast(pl.Float64) * g.weight
            for i, g in enumerate(a.groups)
        ).alias(f"_total__{a.key}")
        for a in spec.axes
    ]
    frame = frame.with_columns(totals)
    contributions = []
    for a in spec.axes:
        total = pl.col(f"_total__{a.key}")
        for i, g in enumerate(a.groups):
            inside = pl.col(f"_within__{a.key}__{i}")
            for c in g.criteria:
                filled = pl.col(f"_filled__{c.key}")
                share = (g.weight / total) * (c.weight / inside)
                value = pl.when(filled.is_not_null() & (inside > 0)).then(share * filled)
                contributions.append(value.otherwise(0.0).alias(contribution_column(c.key)))
    helpers = [n for n in frame.columns if n.startswith(("_filled__", "_within__", "_total__"))]
    return frame.with_columns(contributions).drop(helpers)


def evidence_column(axis: str) -> str:
    return f"evidence__{axis}"


def _evidence(spec: ModelSpec) -> list[pl.Expr]:
    """Per axis, the share of its weight (in %) resting on values that exist (before filling)."""
    return [
        pl.sum_horizontal(
            pl.col(score_column(c.key)).is_not_null().cast(pl.Float64) * (g.weight * c.weight / 100)
            for g in axis.groups
            for c in g.criteria
        ).alias(evidence_column(axis.key))
        for axis in spec.axes
    ]


def score_accounts(
    frame: pl.DataFrame, spec: ModelSpec, manual: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Score every account of ``frame`` (one row per account, with the metric columns).

    ``manual`` is a long frame ``account, criterion, score`` on the model's scale (out of
    ``max`` for points criteria). Adds, per criterion, ``score__<key>`` (null when missing) and
    ``contribution__<key>``; per axis, the sum of its contributions and its evidence;
    ``evidence`` (the weakest axis's) and ``enough_data``; and ``quadrant``, ``class`` and
    ``tier``. Where the data are not enough, the axes, quadrant, class and tier are null.
    """
    frame = _with_manual(frame, spec, manual)
    frame = frame.with_columns(
        _normalised(c, spec.scale).alias(score_column(c.key)) for _a, _g, c in spec.criteria
    )
    frame = _contributions(frame, spec)
    frame = frame.with_columns(_evidence(spec)).with_columns(
        evidence=pl.min_horizontal(evidence_column(a.key) for a in spec.axes)
    )
    enough = pl.col("evidence") >= spec.min_evidence - 1e-9
    totals = {
        axis.key: pl.sum_horizontal(
            contribution_column(c.key) for g in axis.groups for c in g.criteria
        )
        for axis in spec.axes
    }
    frame = frame.with_columns(enough_data=enough).with_columns(
        pl.when(enough).then(total).alias(key) for key, total in totals.items()
    )
    if spec.is_ranking:
        frame = frame.with_columns(
            strength=pl.lit(None, dtype=pl.Float64), quadrant=pl.lit(None, dtype=pl.String)
        )
    else:
        frame = frame.with_columns(pl.when(enough).then(quadrant_expr(spec)).alias("quadrant"))
    return frame.with_columns(class_expr(spec)).with_columns(
        pl.when(enough).then(tier_expr(spec)).alias("tier")
    )


def _with_manual(frame: pl.DataFrame, spec: ModelSpec, manual: pl.DataFrame | None) -> pl.DataFrame:
    """One ``manual__<key>`` column per manual criterion (null where nobody scored)."""
    keys = spec.manual_keys
    if not keys:
        return frame
    columns = [f"manual__{k}" for k in keys]
    if manual is None or manual.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.Float64).alias(c) for c in columns)
    wide = (
        manual.filter(pl.col("criterion").is_in(keys))
        .with_columns(pl.col("account").cast(frame.schema["account"]))
        .pivot(on="criterion", index="account", values="score", aggregate_function="last")
    )
    wide = wide.rename({k: f"manual__{k}" for k in keys if k in wide.columns})
    missing = [pl.lit(None, dtype=pl.Float64).alias(c) for c in columns if c not in wide.columns]
    return frame.join(
        wide.with_columns(missing).select("account", *columns), on="account", how="left"
    )


def quadrant_expr(spec: ModelSpec) -> pl.Expr:
    """``high_high`` … ``low_low``: at or above a threshold is high; attractiveness first."""
    high_a = pl.col("attractiveness") >= spec.matrix.attractiveness_threshold
    high_s = pl.col("strength") >= spec.matrix.strength_threshold
    return (
        pl.when(high_a & high_s)
        .then(pl.lit("high_high"))
        .when(high_a)
        .then(pl.lit("high_low"))
        .when(high_s)
        .then(pl.lit("low_high"))
        .otherwise(pl.lit("low_low"))
        .alias("quadrant")
    )


def class_expr(spec: ModelSpec) -> pl.Expr:
    """``class``: the name of the highest band of the banded axis the score reaches (null
    without bands or without a score)."""
    axis = spec.banded_axis
    if axis is None:
        return pl.lit(None, dtype=pl.String).alias("class")
    score = pl.col(axis.key)
    # Bands run highest first: the first one reached is the class.
    reached = [pl.when(score >= b.min - 1e-9).then(pl.lit(b.name)) for b in axis.bands]
    return pl.coalesce(reached).cast(pl.String).alias("class")


def tier_expr(spec: ModelSpec) -> pl.Expr:
    """The service tier: from the quadrant; in a ranking, from the class's band, else gold at
    or above the attractiveness threshold and bronze below."""
    if not spec.is_ranking:
        tiers = {q.key: q.tier for q in spec.matrix.quadrants}
        return pl.col("quadrant").replace_strict(tiers, return_dtype=pl.String).alias("tier")
    axis = spec.banded_axis
    if axis is not None:
        by_band = {b.name: b.tier for b in axis.bands}
        return pl.col("class").replace_strict(by_band, return_dtype=pl.String).alias("tier")
    high = pl.col("attractiveness") >= spec.matrix.attractiveness_threshold
    return pl.when(high).then(pl.lit("gold")).otherwise(pl.lit("bronze")).alias("tier")


def explain(row: dict[str, Any], spec: ModelSpec) -> list[dict[str, Any]]:
    """Per criterion of a scored row: axis, group, weights, raw value, score and contribution."""
    return [
        {
            "axis": axis_key,
            "group": group.name,
            "group_weight": group.weight,
            "criterion": c.key,
            "label": c.label or (METRICS.get(c.metric or "", c.key) if c.metric else c.key),
            "weight": c.weight,
            "manual": c.manual,
            "metric": c.metric,
            "value": row.get(f"manual__{c.key}") if c.manual else row.get(c.metric or ""),
            "score": row.get(score_column(c.key)),
            "contribution": row.get(contribution_column(c.key), 0.0),
        }
        for axis_key, group, c in spec.criteria
    ]
