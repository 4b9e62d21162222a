"""Scoring models: two axes of weighted groups and criteria, explainable scores, quadrants.

Plain Python and Polars, no ORM. A model is read from a dictionary (parsed TOML, or the JSON a
:class:`~kamp.selection.models.ScoringModel` stores) by :func:`parse_model`, which checks every
rule and says what is wrong; :func:`to_toml` writes it back in the documented file format.

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
* ``none``: the value as it is, clipped to [0, scale].

``invert = true`` turns "lower is better" metrics around (score = scale - score).

Missing data (a metric without a value, a manual score nobody gave) is handled as the model
says, per criterion or for the whole model (``missing``):

* ``zero``: the criterion scores 0;
* ``midpoint``: it scores half the scale;
* ``reweight``: it is left out and the other criteria of its group share its weight in
  proportion to theirs; a group whose criteria are all missing is left out the same way, and an
  axis with nothing left scores 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from kamp.selection.metrics import METRICS

if TYPE_CHECKING:
    from collections.abc import Iterable

AXES = ("attractiveness", "strength")
NORMALISATIONS = ("percentile", "minmax", "thresholds", "none")
MISSING = ("zero", "midpoint", "reweight")
SCALES = (10, 100)
TIERS = ("gold", "silver", "bronze")
#: Quadrant keys: attractiveness first, then strength.
QUADRANTS = ("high_high", "high_low", "low_high", "low_low")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_TOLERANCE = 1e-6


class ModelError(ValueError):
    """A scoring model breaks a rule; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Criterion:
    """One scored item: a computed metric with a normalisation, or a manual score."""

    key: str
    weight: float
    label: str = ""
    metric: str | None = None
    manual: bool = False
    normalise: str = "percentile"
    thresholds: tuple[float, ...] = ()
    points: tuple[float, ...] = ()
    invert: bool = False
    missing: str | None = None  # None: the model's policy


@dataclass(frozen=True)
class Group:
    """A weighted group of criteria on one axis."""

    name: str
    weight: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Axis:
    """One of the two axes: ``attractiveness`` (y) or ``strength`` (x)."""

    key: str
    groups: tuple[Group, ...]
    label: str = ""


@dataclass(frozen=True)
class Quadrant:
    """A cell of the 2 x 2 matrix, its policy and the service tier it implies."""

    key: str
    label: str
    policy: str
    tier: str


@dataclass(frozen=True)
class Matrix:
    """Where the axes split (at or above a threshold is "high"), and the four quadrants."""

    attractiveness_threshold: float
    strength_threshold: float
    quadrants: tuple[Quadrant, ...]

    def quadrant(self, key: str) -> Quadrant:
        return next(q for q in self.quadrants if q.key == key)


@dataclass(frozen=True)
class ModelSpec:
    """A whole scoring model, validated."""

    name: str
    scale: int
    axes: tuple[Axis, ...]
    matrix: Matrix
    description: str = ""
    missing: str = "reweight"
    extra: dict[str, Any] = field(default_factory=dict)

    def axis(self, key: str) -> Axis:
        return next(a for a in self.axes if a.key == key)

    @property
    def criteria(self) -> list[tuple[str, Group, Criterion]]:
        """Every criterion with its axis key and group, in file order."""
        return [(a.key, g, c) for a in self.axes for g in a.groups for c in g.criteria]

    @property
    def manual_keys(self) -> list[str]:
        return [c.key for _a, _g, c in self.criteria if c.manual]


def default_quadrants(scale: int) -> dict[str, Any]:
    """The neutral matrix: split at mid-scale, McDonald's policy labels (section 1.1, [V])."""
    return {
        "attractiveness_threshold": scale / 2,
        "strength_threshold": scale / 2,
        "quadrants": [
            {"key": "high_high", "label": "Invest for growth", "policy": "Invest for growth"},
            {"key": "high_low", "label": "Invest selectively", "policy": "Invest selectively"},
            {"key": "low_high", "label": "Maintain", "policy": "Maintain"},
            {"key": "low_low", "label": "Manage for cash", "policy": "Manage for cash"},
        ],
    }


#: Default tier per quadrant (section 6.2: resources follow the matrix position).
DEFAULT_TIERS = {
    "high_high": "gold",
    "high_low": "silver",
    "low_high": "silver",
    "low_low": "bronze",
}


# -- Reading and checking ---------------------------------------------------------------------


class _Reader:
    """Collects every problem while reading, so one error lists them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def number(self, data: dict[str, Any], key: str, where: str, default: Any = None) -> float:
        value = data.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.fail(where, f"{key} must be a number")
            return 0.0
        return float(value)

    def text(self, data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.fail(where, f"{key} must be text")
            return ""
        return value

    def weights(self, items: Iterable[float], where: str) -> None:
        total = sum(items)
        if abs(total - 100) > _TOLERANCE:
            self.fail(where, f"weights sum to {total:g}, not 100")

    def criterion(self, data: dict[str, Any], where: str, scale: int) -> Criterion:
        key = self.text(data, "key", where)
        where = f"{where} criterion {key!r}"
        if not _KEY.match(key):
            self.fail(where, "key must be lower-case letters, digits and underscores")
        weight = self.number(data, "weight", where)
        manual = data.get("manual", False) is True
        metric = data.get("metric")
        if manual == (metric is not None):
            self.fail(where, "give either manual = true or a metric")
        if metric is not None and metric not in METRICS:
            self.fail(where, f"unknown metric {metric!r} (known: {', '.join(METRICS)})")
        normalise = self.text(data, "normalise", where, "none" if manual else "percentile")
        if normalise not in NORMALISATIONS:
            self.fail(where, f"normalise must be one of {', '.join(NORMALISATIONS)}")
        thresholds = tuple(float(t) for t in data.get("thresholds", ()))
        points = tuple(float(p) for p in data.get("points", ()))
        self._thresholds(normalise, thresholds, points, where, scale)
        missing = data.get("missing")
        if missing is not None and missing not in MISSING:
            self.fail(where, f"missing must be one of {', '.join(MISSING)}")
        return Criterion(
            key=key,
            weight=weight,
            label=str(data.get("label", "")),
            metric=metric,
            manual=manual,
            normalise=normalise,
            thresholds=thresholds,
            points=points,
            invert=data.get("invert", False) is True,
            missing=missing,
        )

    def _thresholds(
        self,
        normalise: str,
        thresholds: tuple[float, ...],
        points: tuple[float, ...],
        where: str,
        scale: int,
    ) -> None:
        if normalise != "thresholds":
            return
        if not thresholds or list(thresholds) != sorted(set(thresholds)):
            self.fail(where, "thresholds must be a non-empty list of ascending numbers")
        if points and len(points) != len(thresholds) + 1:
            self.fail(where, "give one more point than thresholds (the score below the first)")
        if any(not 0 <= p <= scale for p in points):
            self.fail(where, f"points must lie between 0 and {scale}")

    def group(self, data: dict[str, Any], where: str, scale: int) -> Group:
        name = self.text(data, "name", where)
        where = f"{where} group {name!r}"
        weight = self.number(data, "weight", where)
        criteria = tuple(
            self.criterion(c, where, scale) for c in data.get("criteria", []) if isinstance(c, dict)
        )
        if not criteria:
            self.fail(where, "has no criteria")
        self.weights((c.weight for c in criteria), where)
        return Group(name=name, weight=weight, criteria=criteria)

    def axis(self, data: dict[str, Any], scale: int) -> Axis:
        key = self.text(data, "key", "axis")
        where = f"axis {key!r}"
        groups = tuple(
            self.group(g, where, scale) for g in data.get("groups", []) if isinstance(g, dict)
        )
        if not groups:
            self.fail(where, "has no groups")
        self.weights((g.weight for g in groups), where)
        return Axis(key=key, groups=groups, label=str(data.get("label", "")))

    def matrix(self, data: dict[str, Any], scale: int) -> Matrix:
        defaults = default_quadrants(scale)
        given = {q.get("key"): q for q in data.get("quadrants", []) if isinstance(q, dict)}
        unknown = set(given) - set(QUADRANTS)
        if unknown:
            self.fail("matrix", f"unknown quadrants {sorted(map(str, unknown))}")
        quadrants = []
        for base in defaults["quadrants"]:
            cell = {**base, "tier": DEFAULT_TIERS[base["key"]], **given.get(base["key"], {})}
            if cell["tier"] not in TIERS:
                self.fail(f"quadrant {base['key']}", f"tier must be one of {', '.join(TIERS)}")
            quadrants.append(
                Quadrant(base["key"], str(cell["label"]), str(cell["policy"]), str(cell["tier"]))
            )
        thresholds = [
            self.number(data, f"{axis}_threshold", "matrix", defaults[f"{axis}_threshold"])
            for axis in AXES
        ]
        if any(not 0 <= t <= scale for t in thresholds):
            self.fail("matrix", f"thresholds must lie between 0 and {scale}")
        return Matrix(thresholds[0], thresholds[1], tuple(quadrants))


def parse_model(data: dict[str, Any]) -> ModelSpec:
    """Read and check a model; raise :class:`ModelError` listing every problem."""
    reader = _Reader()
    name = reader.text(data, "name", "").strip()
    if not name:
        reader.fail("", "the model needs a name")
    scale = data.get("scale", 10)
    if scale not in SCALES:
        reader.fail("", "scale must be 10 or 100")
        scale = 10
    missing = data.get("missing", "reweight")
    if missing not in MISSING:
        reader.fail("", f"missing must be one of {', '.join(MISSING)}")
    axes = tuple(reader.axis(a, scale) for a in data.get("axes", []) if isinstance(a, dict))
    if sorted(a.key for a in axes) != sorted(AXES):
        reader.fail("", "give exactly two axes, attractiveness and strength")
    keys = [c.key for a in axes for g in a.groups for c in g.criteria]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        reader.fail("", f"criterion keys must be unique in a model: {', '.join(duplicates)}")
    matrix = reader.matrix(data.get("matrix", {}), scale)
    if reader.problems:
        raise ModelError(reader.problems)
    return ModelSpec(
        name=name,
        scale=scale,
        axes=tuple(sorted(axes, key=lambda a: AXES.index(a.key))),
        matrix=matrix,
        description=str(data.get("description", "")),
        missing=str(missing),
    )


def model_to_dict(spec: ModelSpec) -> dict[str, Any]:
    """The model as plain data, in the file format's shape (what :func:`parse_model` reads)."""
    return {
        "name": spec.name,
        "description": spec.description,
        "scale": spec.scale,
        "missing": spec.missing,
        "axes": [
            {
                "key": a.key,
                "label": a.label,
                "groups": [
                    {
                        "name": g.name,
                        "weight": _plain(g.weight),
                        "criteria": [_criterion_dict(c) for c in g.criteria],
                    }
                    for g in a.groups
                ],
            }
            for a in spec.axes
        ],
        "matrix": {
            "attractiveness_threshold": _plain(spec.matrix.attractiveness_threshold),
            "strength_threshold": _plain(spec.matrix.strength_threshold),
            "quadrants": [
                {"key": q.key, "label": q.label, "policy": q.policy, "tier": q.tier}
                for q in spec.matrix.quadrants
            ],
        },
    }


def _plain(value: float) -> float | int:
    """Whole numbers as integers, so files read ``weight = 40`` rather than ``40.0``."""
    return int(value) if float(value).is_integer() else value


def _criterion_dict(c: Criterion) -> dict[str, Any]:
    data: dict[str, Any] = {"key": c.key, "weight": _plain(c.weight)}
    if c.label:
        data["label"] = c.label
    if c.manual:
        data["manual"] = True
    else:
        data["metric"] = c.metric
        data["normalise"] = c.normalise
    if c.normalise == "thresholds":
        data["thresholds"] = [_plain(t) for t in c.thresholds]
        if c.points:
            data["points"] = [_plain(p) for p in c.points]
    if c.invert:
        data["invert"] = True
    if c.missing:
        data["missing"] = c.missing
    return data


# -- TOML --------------------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _toml_pairs(data: dict[str, Any]) -> list[str]:
    return [
        f"{key} = {_toml_value(value)}"
        for key, value in data.items()
        if not (isinstance(value, list) and value and isinstance(value[0], dict)) and value != ""
    ]


def to_toml(spec: ModelSpec) -> str:
    """The model in the documented TOML format; :func:`parse_model` reads it back unchanged."""
    data = model_to_dict(spec)
    lines = _toml_pairs({k: data[k] for k in ("name", "description", "scale", "missing")})
    for axis in data["axes"]:
        lines += ["", "[[axes]]", *_toml_pairs(axis)]
        for group in axis["groups"]:
            lines += ["", "[[axes.groups]]", *_toml_pairs(group)]
            for criterion in group["criteria"]:
                lines += ["", "[[axes.groups.criteria]]", *_toml_pairs(criterion)]
    lines += ["", "[matrix]", *_toml_pairs(data["matrix"])]
    for quadrant in data["matrix"]["quadrants"]:
        lines += ["", "[[matrix.quadrants]]", *_toml_pairs(quadrant)]
    return "\n".join(lines) + "\n"


# -- Scoring -----------------------------------------------------------------------------------


def score_column(key: str) -> str:
    return f"score__{key}"


def contribution_column(key: str) -> str:
    return f"contribution__{key}"


def _normalised(c: Criterion, scale: int) -> pl.Expr:
    """The criterion's score on the model's scale, null where the value is missing."""
    if c.manual:
        raw = pl.col(f"manual__{c.key}").cast(pl.Float64)
        return raw.clip(0, scale)
    value = pl.col(c.metric or "").cast(pl.Float64)
    if c.normalise == "percentile":
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
        score = value.clip(0, scale)
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


def score_accounts(
    frame: pl.DataFrame, spec: ModelSpec, manual: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Score every account of ``frame`` (one row per account, with the metric columns).

    ``manual`` is a long frame ``account, criterion, score`` on the model's scale. Adds, per
    criterion, ``score__<key>`` (null when missing) and ``contribution__<key>``; per axis, the
    sum of its contributions; and ``quadrant`` and ``tier`` from the matrix.
    """
    frame = _with_manual(frame, spec, manual)
    frame = frame.with_columns(
        _normalised(c, spec.scale).alias(score_column(c.key)) for _a, _g, c in spec.criteria
    )
    frame = _contributions(frame, spec)
    frame = frame.with_columns(
        pl.sum_horizontal(
            contribution_column(c.key) for g in axis.groups for c in g.criteria
        ).alias(axis.key)
        for axis in spec.axes
    )
    return frame.with_columns(quadrant_expr(spec)).with_columns(tier_expr(spec))


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


def tier_expr(spec: ModelSpec) -> pl.Expr:
    tiers = {q.key: q.tier for q in spec.matrix.quadrants}
    return pl.col("quadrant").replace_strict(tiers, return_dtype=pl.String).alias("tier")


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
