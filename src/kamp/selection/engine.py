"""One selection from start to finish, on plain data: metrics, segments, scores, matrix,
optimiser, the naive top-N beside it, and coverage. No ORM: the service, the CLI and the
benchmark all call :func:`run_selection` with frames they built.

The optimiser's value of an account (docs/decisions/0007-selection-objective.md) is a weighted
sum of its two scores, each as a share of the scale, less an optional penalty:

    value = w x attractiveness / scale + (1 - w) x strength / scale - penalty

with w the run's ``attractiveness_weight`` (default 0.5) and the penalty (0 to 1, by account)
standing for risk or cost to serve. Size counts once, inside attractiveness (where the model's
criteria put it), and strength counts. A ranking (one axis) has value = attractiveness / scale
- penalty. An account without enough data has no value and is never proposed.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 (a dataclass field)
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from kamp.selection.metrics import account_metrics
from kamp.selection.optimise import (
    Capacity,
    Limit,
    Problem,
    coverage,
    optimise,
    top_n,
)
from kamp.selection.scoring import TIERS, contribution_column, score_accounts
from kamp.selection.segments import assign_segments, flag_column

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from kamp.selection.scoring import ModelSpec
    from kamp.selection.segments import SegmentSpec

#: The default weight of attractiveness in the objective (strength takes the rest).
ATTRACTIVENESS_WEIGHT = 0.5


@dataclass(frozen=True)
class Override:
    """A must-include or must-exclude, by the group's customer id, with the reason."""

    account: str
    include: bool
    reason: str


@dataclass(frozen=True)
class SelectionParams:
    """Everything a run decides besides the model and the data."""

    capacity: Capacity
    limits: Sequence[Limit] = ()
    overrides: Sequence[Override] = ()
    top_n: int | None = None  # the naive comparison's N; default: as many as selected
    attractiveness_weight: float = ATTRACTIVENESS_WEIGHT
    #: Risk or cost to serve, by the group's customer id, as a share of the scale (0 to 1).
    penalties: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """A computed selection: one row per account (``rank`` 1 is the most valuable), and the
    summaries."""

    frame: pl.DataFrame
    coverage: dict[str, Any]
    top_n_coverage: dict[str, Any]
    objective: float
    top_n_value: float
    load: int
    capacity: int
    binding: list[str]
    as_of: dt.date
    extra: dict[str, Any] = field(default_factory=dict)


def prepare(
    facts: pl.DataFrame | pl.LazyFrame,
    accounts: pl.DataFrame,
    *,
    as_of: dt.date,
    segments: Sequence[SegmentSpec] = (),
) -> pl.DataFrame:
    """Metrics and segments per account (what the segment overview and scoring start from)."""
    with_lines = any(r.get("field") == "product_line" for s in segments for r in s.rules)
    frame = account_metrics(facts, as_of=as_of, accounts=accounts, with_lines=with_lines)
    return assign_segments(frame, segments)


def _problem(frame: pl.DataFrame, params: SelectionParams) -> Problem:
    values = frame["value"].fill_null(0).to_numpy().astype(np.float64)
    groups: dict[tuple[str, str], Any] = {}
    for limit in params.limits:
        if limit.dimension == "segment":
            flag = flag_column(limit.key)
            members = frame[flag] if flag in frame.columns else pl.Series([False] * len(frame))
        else:
            members = frame[limit.dimension] == limit.key
        groups[(limit.dimension, limit.key)] = members.fill_null(False).to_numpy().astype(bool)
    return Problem(
        accounts=frame["account"].to_numpy(),
        values=values,
        tiers=_tiers(frame),
        groups=groups,
    )


def _tiers(frame: pl.DataFrame) -> np.ndarray[Any, np.dtype[np.str_]]:
    """The tier names as a NumPy array, through small integer codes (fast for 150,000 rows)."""
    names = np.array(TIERS)
    codes = {name: i for i, name in enumerate(TIERS)}
    # Accounts without a tier (not enough data) are never selected: any load will do.
    tiers: np.ndarray[Any, np.dtype[np.str_]] = names[
        frame["tier"].replace_strict(codes, return_dtype=pl.Int8).fill_null(0).to_numpy()
    ]
    return tiers


def _positions(frame: pl.DataFrame, overrides: Sequence[Override], *, include: bool) -> list[int]:
    wanted = {o.account for o in overrides if o.include is include}
    if not wanted:
        return []
    ids = frame["source_id"].to_list()
    unknown = wanted - set(ids)
    if unknown:
        raise ValueError(f"Unknown accounts in the overrides: {', '.join(sorted(unknown))}")
    return [i for i, source in enumerate(ids) if source in wanted]


def _coverage(frame: pl.DataFrame, mask: np.ndarray[Any, np.dtype[np.bool_]]) -> dict[str, Any]:
    def column(name: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        return frame[name].fill_null(0).to_numpy().astype(np.float64)

    return coverage(
        mask,
        companies=column("companies"),
        revenue=column("revenue_12m"),
        margin=column("margin_12m"),
        revenue_last_year=column("revenue_y1"),
    )


def value_expr(spec: ModelSpec, params: SelectionParams) -> pl.Expr:
    """The optimiser's value of each account (see the module doc); null without a score."""
    attractiveness = pl.col("attractiveness") / spec.scale
    if spec.is_ranking:
        score = attractiveness
    else:
        w = params.attractiveness_weight
        score = w * attractiveness + (1 - w) * pl.col("strength") / spec.scale
    penalty = (
        pl.col("source_id").replace_strict(
            dict(params.penalties), default=0.0, return_dtype=pl.Float64
        )
        if params.penalties
        else pl.lit(0.0)
    )
    return (score - penalty).alias("value")


def _check(scored: pl.DataFrame, params: SelectionParams) -> None:
    """Penalties and must-includes name accounts that exist; a must-include needs a score."""
    unknown = set(params.penalties) - set(scored["source_id"].to_list())
    if unknown:
        raise ValueError(f"Unknown accounts in the penalties: {', '.join(sorted(unknown))}")
    wanted = {o.account for o in params.overrides if o.include}
    unscored = scored.filter(pl.col("source_id").is_in(wanted) & ~pl.col("enough_data"))
    if not unscored.is_empty():
        raise ValueError(
            "Not enough data to score, so they cannot be included: "
            + ", ".join(sorted(unscored["source_id"].to_list()))
        )


def run_selection(
    prepared: pl.DataFrame,
    spec: ModelSpec,
    params: SelectionParams,
    *,
    as_of: dt.date,
    manual: pl.DataFrame | None = None,
) -> Outcome:
    """Score ``prepared`` (from :func:`prepare`), optimise, and compare with the top N."""
    scored = score_accounts(prepared, spec, manual)
    scored = scored.with_columns(value_expr(spec, params))
    _check(scored, params)
    problem = _problem(scored, params)
    include = _positions(scored, params.overrides, include=True)
    exclude = _positions(scored, params.overrides, include=False)
    unscored = np.flatnonzero(~scored["enough_data"].to_numpy())
    exclude = sorted({*exclude, *unscored.tolist()})
    chosen = optimise(
        problem, params.capacity, limits=params.limits, include=include, exclude=exclude
    )
    n = params.top_n if params.top_n is not None else int(chosen.selected.sum())
    naive = top_n(scored["revenue_12m"].fill_null(0).to_numpy().astype(np.float64), n)
    reasons = {o.account: o.reason for o in params.overrides}
    chosen_reasons = np.array(chosen.reasons, dtype=object)
    forced_out = {i for i, o in enumerate(scored["source_id"].to_list()) if o in reasons}
    chosen_reasons[[i for i in unscored.tolist() if i not in forced_out]] = "no_data"
    frame = scored.with_columns(
        rank=_ranks(scored),
        selected=pl.Series(chosen.selected),
        top_n=pl.Series(naive),
        reason=pl.Series(chosen_reasons.tolist(), dtype=pl.String),
        override_reason=pl.col("source_id").replace_strict(
            reasons, default="", return_dtype=pl.String
        )
        if reasons
        else pl.lit(""),
    )
    return Outcome(
        frame=frame,
        coverage=_coverage(frame, chosen.selected),
        top_n_coverage=_coverage(frame, naive),
        objective=chosen.objective,
        top_n_value=float(problem.values @ naive),
        load=chosen.load,
        capacity=chosen.capacity,
        binding=chosen.binding,
        as_of=as_of,
    )


def _ranks(frame: pl.DataFrame) -> pl.Series:
    """1 for the most valuable account; ties by revenue, then by the accounts' order.

    Only the order is sorted, not the frame: gathering every column costs more.
    """
    order = frame.select(
        pl.arg_sort_by(
            ["value", "revenue_12m"], descending=True, nulls_last=True, maintain_order=True
        )
    ).to_series()
    ranks = np.empty(len(frame), dtype=np.int64)
    ranks[order.to_numpy()] = np.arange(1, len(frame) + 1)
    return pl.Series("rank", ranks)


def _number(value: Any, places: int = 4) -> float | None:
    return None if value is None else round(float(value), places)


#: What the JSON says of an account whose evidence is below the model's minimum.
NOT_ENOUGH_DATA = "not enough data"


def model_json(spec: ModelSpec) -> dict[str, Any]:
    """What kind of model scored the accounts: a matrix (two axes) or a ranking (one)."""
    banded = spec.banded_axis
    return {
        "name": spec.name,
        "kind": "ranking" if spec.is_ranking else "matrix",
        "axes": [a.key for a in spec.axes],
        "scale": spec.scale,
        "min_evidence": spec.min_evidence,
        "classes": (
            {"axis": banded.key, "bands": [{"name": b.name, "min": b.min} for b in banded.bands]}
            if banded is not None
            else None
        ),
    }


def outcome_json(outcome: Outcome, spec: ModelSpec) -> dict[str, Any]:
    """The ``kamp select --json`` object: the model's kind, accounts ranked by value (those
    without enough data last, with null scores), and the coverage."""
    keys = [c.key for _a, _g, c in spec.criteria]
    columns = [contribution_column(k) for k in keys]
    accounts = [
        {
            "account": row["source_id"],
            "name": row["name"],
            "status": "scored" if row["enough_data"] else NOT_ENOUGH_DATA,
            "evidence": _number(row["evidence"], 1),
            "attractiveness": _number(row["attractiveness"]),
            "strength": _number(row["strength"]),
            "quadrant": (spec.matrix.quadrant(row["quadrant"]).label if row["quadrant"] else None),
            "class": row["class"],
            "tier": row["tier"],
            "value": _number(row["value"]),
            "selected": row["selected"],
            "contributions": {k: _number(row[c]) for k, c in zip(keys, columns, strict=True)},
        }
        for row in outcome.frame.sort("rank")
        .select(
            "source_id",
            "name",
            "enough_data",
            "evidence",
            "attractiveness",
            "strength",
            "quadrant",
            "class",
            "tier",
            "value",
            "selected",
            *columns,
        )
        .iter_rows(named=True)
    ]
    return {
        "model": model_json(spec),
        "accounts": accounts,
        "coverage": {
            **outcome.coverage,
            "top_n": outcome.top_n_coverage,
            "value": round(outcome.objective, 2),
            "top_n_value": round(outcome.top_n_value, 2),
            "kam_load": outcome.load,
            "kam_capacity": outcome.capacity,
            "not_enough_data": int((~outcome.frame["enough_data"]).sum()),
            "as_of": outcome.as_of.isoformat(),
        },
    }


DEFAULT_PER_KAM = {"gold": 3, "silver": 5, "bronze": 8}


def _count(data: dict[str, Any], key: str, default: int | None = None) -> int | None:
    value = data.get(key, default)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{key} must be a whole number, 0 or more")
    return value


def params_from_dict(data: dict[str, Any]) -> SelectionParams:
    """Read a run's parameters (as stored in ``SelectionRun.parameters``); ValueError if wrong.

    ``{"kams", "per_kam": {tier: n}, "min_accounts", "max_accounts", "limits": [{"dimension",
    "key", "minimum", "maximum"}], "overrides": [{"account", "include", "reason"}], "top_n",
    "attractiveness_weight", "penalties": {account: share}}``. A ``potential`` key (the basis of
    the objective before docs/decisions/0007) is ignored: runs saved with it keep their results.
    """
    kams = _count(data, "kams", 1) or 0
    if kams < 1:
        raise ValueError("kams must be at least 1")
    per_kam = {**DEFAULT_PER_KAM, **data.get("per_kam", {})}
    if set(per_kam) != set(DEFAULT_PER_KAM) or any(
        isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in per_kam.values()
    ):
        raise ValueError("per_kam gives gold, silver and bronze as whole numbers of 1 or more")
    limits = []
    for item in data.get("limits", []):
        if item.get("dimension") not in ("segment", "business_unit", "country"):
            raise ValueError("a limit's dimension is segment, business_unit or country")
        limits.append(
            Limit(
                str(item["dimension"]),
                str(item.get("key", "")),
                _count(item, "minimum"),
                _count(item, "maximum"),
            )
        )
    overrides = []
    for item in data.get("overrides", []):
        if not str(item.get("reason", "")).strip():
            raise ValueError(f"give a reason to include or exclude {item.get('account')}")
        overrides.append(
            Override(str(item["account"]), bool(item.get("include")), str(item["reason"]).strip())
        )
    weight = data.get("attractiveness_weight", ATTRACTIVENESS_WEIGHT)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight <= 1:
        raise ValueError("attractiveness_weight is a number from 0 to 1")
    penalties = data.get("penalties") or {}
    if not isinstance(penalties, dict) or any(
        isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1
        for p in penalties.values()
    ):
        raise ValueError("penalties give each account a number from 0 to 1")
    capacity = Capacity(
        kams=kams,
        per_kam=per_kam,
        min_accounts=_count(data, "min_accounts"),
        max_accounts=_count(data, "max_accounts"),
    )
    return SelectionParams(
        capacity,
        limits,
        overrides,
        _count(data, "top_n"),
        float(weight),
        {str(k): float(v) for k, v in penalties.items()},
    )


def params_to_dict(params: SelectionParams) -> dict[str, Any]:
    """The inverse of :func:`params_from_dict`, for storing with a run."""
    return {
        "kams": params.capacity.kams,
        "per_kam": dict(params.capacity.per_kam),
        "min_accounts": params.capacity.min_accounts,
        "max_accounts": params.capacity.max_accounts,
        "limits": [
            {"dimension": x.dimension, "key": x.key, "minimum": x.minimum, "maximum": x.maximum}
            for x in params.limits
        ],
        "overrides": [
            {"account": o.account, "include": o.include, "reason": o.reason}
            for o in params.overrides
        ],
        "top_n": params.top_n,
        "attractiveness_weight": params.attractiveness_weight,
        "penalties": dict(params.penalties),
    }
