"""Scoring model definitions: the shape of a model, and the reader that checks every rule.

A model is read from a dictionary (parsed TOML, or the JSON a
:class:`~kamp.selection.models.ScoringModel` stores) by :func:`parse_model`, which checks every
rule and says what is wrong. :mod:`kamp.selection.model_io` writes it back;
:mod:`kamp.selection.scoring` computes the scores (its docstring gives the arithmetic).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
