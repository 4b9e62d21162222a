"""Scoring model definitions: the shape of a model, and the reader that checks every rule.

A model is read from a dictionary (parsed TOML, or the JSON a
:class:`~kamp.selection.models.ScoringModel` stores) by :func:`parse_model`, which checks every
rule and says what is wrong. :mod:`kamp.selection.model_io` writes it back;
:mod:`kamp.selection.scoring` computes the scores (its docstring gives the arithmetic).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kamp.selection.metrics import METRIC_RANGES, METRICS

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
#: The default minimum share of weight (in %) that must rest on evidence for a score.
MIN_EVIDENCE = 60.0
#: Default tiers of class bands, from the highest band down (the rest are bronze).
BAND_TIERS = ("gold", "silver")


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
    #: The raw value's range, rescaled into the model's scale (``normalise = "none"``).
    range: tuple[float, float] | None = None
    #: A points criterion: raw points out of this maximum, which add up on the axis.
    max_points: float | None = None

    @property
    def is_points(self) -> bool:
        return self.max_points is not None


@dataclass(frozen=True)
class Group:
    """A weighted group of criteria on one axis."""

    name: str
    weight: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Band:
    """A class on an axis: scores at or above ``min`` (and below the next band's) are in it."""

    name: str
    min: float
    tier: str


@dataclass(frozen=True)
class Axis:
    """An axis: ``attractiveness`` (y) or ``strength`` (x); optionally banded into classes."""

    key: str
    groups: tuple[Group, ...]
    label: str = ""
    bands: tuple[Band, ...] = ()  # highest first

    @property
    def is_points(self) -> bool:
        return all(c.is_points for g in self.groups for c in g.criteria)


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
    #: The share of weight (in %) that must rest on evidence on every axis for a score.
    min_evidence: float = MIN_EVIDENCE
    extra: dict[str, Any] = field(default_factory=dict)

    def axis(self, key: str) -> Axis:
        return next(a for a in self.axes if a.key == key)

    @property
    def is_ranking(self) -> bool:
        """One axis: the model ranks accounts (and may band them), it draws no matrix."""
        return len(self.axes) == 1

    @property
    def banded_axis(self) -> Axis | None:
        """The axis whose bands give each account its class, if any."""
        return next((a for a in self.axes if a.bands), None)

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


def _sort_number(value: Any) -> float:
    """A number to sort by (what is not a number sorts as 0; the reader reports it)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok else 0.0


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
        is_points = data.get("points") is True
        max_points = self.number(data, "max", where) if is_points else None
        if max_points is not None and max_points <= 0:
            self.fail(where, "max must be more than 0")
        # A points criterion's weight follows from its maximum (see ``_points_weights``).
        weight = 0.0 if is_points else self.number(data, "weight", where)
        manual = data.get("manual", False) is True
        metric = data.get("metric")
        if manual == (metric is not None):
            self.fail(where, "give either manual = true or a metric")
        if metric is not None and metric not in METRICS:
            self.fail(where, f"unknown metric {metric!r} (known: {', '.join(METRICS)})")
        default = "none" if manual or is_points else "percentile"
        normalise = self.text(data, "normalise", where, default)
        if normalise not in NORMALISATIONS:
            self.fail(where, f"normalise must be one of {', '.join(NORMALISATIONS)}")
        if is_points and normalise != "none":
            self.fail(where, "points are added as they are: leave out normalise")
        thresholds = tuple(float(t) for t in data.get("thresholds", ()))
        raw_points = data.get("points", ())
        points = tuple(float(p) for p in raw_points) if isinstance(raw_points, list) else ()
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
            range=self._range(data, where, metric, normalise, fixed=manual or is_points),
            max_points=max_points,
        )

    def _range(
        self,
        data: dict[str, Any],
        where: str,
        metric: str | None,
        normalise: str,
        *,
        fixed: bool,
    ) -> tuple[float, float] | None:
        """The declared range of a metric used as it is (``normalise = "none"``): given as
        ``range = [low, high]``, else the metric's natural range; required there, so a 0-10
        value is never read as a score out of 100."""
        given = data.get("range")
        if given is not None and (fixed or normalise != "none"):
            self.fail(
                where,
                'range is for a metric used as it is (normalise = "none"); team scores are '
                "out of the model's scale, points out of max",
            )
            return None
        if fixed or normalise != "none":
            return None
        if given is None:
            known = METRIC_RANGES.get(metric or "")
            if known is None:
                self.fail(where, "declare the metric's range, e.g. range = [0, 10]")
            return known
        if (
            not isinstance(given, list)
            or len(given) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in given)
            or not given[0] < given[1]
        ):
            self.fail(where, "range is two ascending numbers, e.g. range = [0, 10]")
            return None
        return (float(given[0]), float(given[1]))

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
        criteria = tuple(
            self.criterion(c, where, scale) for c in data.get("criteria", []) if isinstance(c, dict)
        )
        if not criteria:
            self.fail(where, "has no criteria")
        if criteria and all(c.is_points for c in criteria):
            # Points groups: weights follow from the maxima (set by ``axis``).
            return Group(name=name, weight=0.0, criteria=criteria)
        if any(c.is_points for c in criteria):
            self.fail(where, "either every criterion of a group is in points, or none")
        weight = self.number(data, "weight", where)
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
        points = [all(c.is_points for c in g.criteria) for g in groups]
        if any(points) and not all(points):
            self.fail(where, "either every criterion of an axis is in points, or none")
        elif groups and all(points):
            groups = self._points_weights(groups, where, scale)
        else:
            self.weights((g.weight for g in groups), where)
        bands = self.bands(data.get("bands", []), where, scale)
        return Axis(key=key, groups=groups, label=str(data.get("label", "")), bands=bands)

    def _points_weights(
        self, groups: tuple[Group, ...], where: str, scale: int
    ) -> tuple[Group, ...]:
        """A points axis: its score is the sum of the points, so the maxima must add up to the
        scale; each criterion then weighs its maximum within its group, and each group the sum
        of its maxima within the axis (so the weighted sum of the rescaled points is their
        plain sum)."""
        total = sum(c.max_points or 0.0 for g in groups for c in g.criteria)
        if abs(total - scale) > _TOLERANCE:
            self.fail(where, f"the maxima of its points add up to {total:g}, not {scale}")
            return groups
        weighted = []
        for g in groups:
            inside = sum(c.max_points or 0.0 for c in g.criteria)
            criteria = tuple(
                replace(c, weight=(c.max_points or 0.0) / inside * 100) for c in g.criteria
            )
            weighted.append(replace(g, weight=inside / total * 100, criteria=criteria))
        return tuple(weighted)

    def bands(self, data: Any, where: str, scale: int) -> tuple[Band, ...]:
        """``[[axes.bands]]`` with ``name``, ``min`` and optionally ``tier``, highest first."""
        if not isinstance(data, list) or not all(isinstance(b, dict) for b in data):
            self.fail(where, "bands are a list of tables with name and min")
            return ()
        if not data:
            return ()
        ordered = sorted(data, key=lambda b: -_sort_number(b.get("min")))
        bands = []
        for index, item in enumerate(ordered):
            name = self.text(item, "name", f"{where} band").strip()
            low = self.number(item, "min", f"{where} band {name!r}")
            default = BAND_TIERS[index] if index < len(BAND_TIERS) else "bronze"
            tier = str(item.get("tier", default))
            if tier not in TIERS:
                self.fail(f"{where} band {name!r}", f"tier must be one of {', '.join(TIERS)}")
            if not 0 <= low <= scale:
                self.fail(f"{where} band {name!r}", f"min must lie between 0 and {scale}")
            bands.append(Band(name, low, tier))
        names = [b.name for b in bands]
        if len(set(names)) != len(names) or not all(names):
            self.fail(where, "every band needs a name of its own")
        if len({b.min for b in bands}) != len(bands):
            self.fail(where, "two bands start at the same score")
        if bands[-1].min != 0:
            self.fail(where, "the lowest band starts at 0, so every score has a class")
        return tuple(bands)

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
    if sorted(a.key for a in axes) not in (sorted(AXES), [AXES[0]]):
        reader.fail(
            "",
            "give the two axes attractiveness and strength, or attractiveness alone (a ranking)",
        )
    if sum(1 for a in axes if a.bands) > 1:
        reader.fail("", "bands (classes) go on one axis only")
    min_evidence = reader.number(data, "min_evidence", "", MIN_EVIDENCE)
    if not 0 <= min_evidence <= 100:
        reader.fail("", "min_evidence is a share of weight in %, from 0 to 100")
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
        min_evidence=min_evidence,
    )
