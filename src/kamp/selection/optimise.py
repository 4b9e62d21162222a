"""Choose the key accounts: a 0/1 programme solved with SciPy's ``milp`` (HiGHS), no ORM.

Variables: x_i = 1 when account i is selected. The programme maximises the value of the
selection, sum of value_i x_i, where value_i is the account's attractiveness-weighted potential
(see :mod:`kamp.selection.engine`), subject to:

* **KAM capacity.** A KAM can look after ``per_kam[tier]`` accounts of a tier (say 3 Gold, 5
  Silver or 8 Bronze), so an account of that tier takes 1/per_kam[tier] of a KAM. With L the
  least common multiple of the ``per_kam`` figures, the load of an account is the whole number
  L / per_kam[tier] and the programme's ``kams`` KAMs offer kams x L: the arithmetic stays exact.
* **Portfolio size**: optional ``min_accounts`` / ``max_accounts`` (McDonald: 15-35 accounts).
* **Minimum and maximum per group**: a segment, business unit or country.
* **Overrides**: must-include fixes x_i = 1, must-exclude fixes x_i = 0, each with a reason.

Beside it, :func:`top_n` is the naive choice (the N largest by revenue), and :func:`coverage`
reports what a selection covers, to compare with the reference that key accounts are typically
about 10 % of customers and 50 % of revenue (Halifax, kam-methodology.md section 1.5, [V]).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy.typing as npt

#: Halifax's average: key accounts are 10 % of customers and 50 % of revenue ([V]).
REFERENCE = {"customers": 0.10, "revenue": 0.50}
DIMENSIONS = ("segment", "business_unit", "country")
#: Why an account is in or out of the optimiser's selection.
REASONS = ("include", "exclude", "optimal", "capacity", "limit", "no_value")


class InfeasibleSelection(ValueError):
    """No selection meets every constraint (for example, must-includes beyond capacity)."""


@dataclass(frozen=True)
class Capacity:
    """How many KAMs the programme has, and how many accounts of each tier one KAM can hold."""

    kams: int
    per_kam: Mapping[str, int]
    min_accounts: int | None = None
    max_accounts: int | None = None

    def loads(self) -> tuple[dict[str, int], int]:
        """Whole-number load per tier and the whole-number capacity (see the module doc)."""
        unit = math.lcm(*self.per_kam.values())
        return {tier: unit // n for tier, n in self.per_kam.items()}, self.kams * unit


@dataclass(frozen=True)
class Limit:
    """At least ``minimum`` and at most ``maximum`` selected accounts in one group."""

    dimension: str  # segment, business_unit or country
    key: str
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Problem:
    """The accounts as arrays, in one order. ``groups[(dimension, key)]`` marks members."""

    accounts: Sequence[Any] | npt.NDArray[Any]
    values: npt.NDArray[np.float64]
    tiers: Sequence[str] | npt.NDArray[np.str_]
    groups: Mapping[tuple[str, str], npt.NDArray[np.bool_]] = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """The optimiser's answer."""

    selected: npt.NDArray[np.bool_]
    reasons: list[str]
    objective: float
    load: int
    capacity: int
    binding: list[str]  # the limits whose maximum is reached, as "dimension:key"


def _constraints(
    problem: Problem, capacity: Capacity, limits: Sequence[Limit]
) -> list[LinearConstraint]:
    n = len(problem.accounts)
    loads, available = capacity.loads()
    rows = [np.array([loads[t] for t in problem.tiers], dtype=np.float64)]
    lower, upper = [-np.inf], [float(available)]
    if capacity.min_accounts is not None or capacity.max_accounts is not None:
        rows.append(np.ones(n))
        lower.append(float(capacity.min_accounts or 0))
        upper.append(float(capacity.max_accounts if capacity.max_accounts is not None else n))
    for limit in limits:
        members = problem.groups.get((limit.dimension, limit.key), np.zeros(n, dtype=bool))
        rows.append(members.astype(np.float64))
        lower.append(float(limit.minimum) if limit.minimum is not None else -np.inf)
        upper.append(float(limit.maximum) if limit.maximum is not None else np.inf)
    return [LinearConstraint(csr_array(np.vstack(rows)), np.array(lower), np.array(upper))]


def candidates(
    problem: Problem,
    capacity: Capacity,
    limits: Sequence[Limit],
    include: set[int],
    exclude: set[int],
) -> npt.NDArray[np.int64]:
    """The positions worth giving the solver: the others cannot change the optimum.

    Accounts of the same tier that belong to the same limited groups are interchangeable for
    every constraint, so an optimal selection takes the most valuable of them first. Within each
    such class, no more can be selected than capacity // load, ``max_accounts`` or the smallest
    maximum of its groups: keeping that many of the best (and every must-include) loses nothing,
    and turns 150,000 variables into a few thousand.
    """
    loads, available = capacity.loads()
    n = len(problem.accounts)
    tiers = np.asarray(problem.tiers, dtype=str)
    tier_names = sorted(loads)
    classes = np.zeros(n, dtype=np.int64)
    for index, name in enumerate(tier_names):
        classes[tiers == name] = index
    for bit, limit in enumerate(limits):
        member = problem.groups.get((limit.dimension, limit.key), np.zeros(n, dtype=bool))
        classes |= member.astype(np.int64) << (bit + 2)
    free = np.ones(n, dtype=bool)
    free[list(include | exclude)] = False
    positions = np.flatnonzero(free)
    if not len(positions):  # every account is fixed (for example, none has enough data)
        return np.array(sorted(include), dtype=np.int64)
    # Sort the free accounts by class, then by value (best first); rank them within a class.
    order = positions[np.lexsort((-problem.values[positions], classes[positions]))]
    ordered = classes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, sizes)
    bounds = np.array(
        [_bound(int(c), tier_names, loads, available, capacity, limits) for c in ordered[starts]]
    )
    kept = order[rank < np.repeat(bounds, sizes)]
    return np.unique(np.concatenate([kept, np.array(sorted(include), dtype=np.int64)]))


def _bound(
    cls: int,
    tier_names: list[str],
    loads: dict[str, int],
    available: int,
    capacity: Capacity,
    limits: Sequence[Limit],
) -> int:
    """How many accounts of one class a selection can hold at most."""
    bound = available // loads[tier_names[cls & 3]]
    if capacity.max_accounts is not None:
        bound = min(bound, capacity.max_accounts)
    for bit, limit in enumerate(limits):
        if (cls >> (bit + 2)) & 1 and limit.maximum is not None:
            bound = min(bound, limit.maximum)
    return bound


def _subproblem(problem: Problem, positions: npt.NDArray[np.int64]) -> Problem:
    return Problem(
        accounts=[problem.accounts[i] for i in positions],
        values=problem.values[positions],
        tiers=[problem.tiers[i] for i in positions],
        groups={k: v[positions] for k, v in problem.groups.items()},
    )


def optimise(
    problem: Problem,
    capacity: Capacity,
    *,
    limits: Sequence[Limit] = (),
    include: Sequence[int] = (),
    exclude: Sequence[int] = (),
    time_limit: float = 30.0,
) -> Selection:
    """The selection of greatest total value within every constraint.

    ``include`` / ``exclude`` are positions in ``problem.accounts``. Raises
    :class:`InfeasibleSelection` when the constraints cannot all hold.
    """
    n = len(problem.accounts)
    if set(include) & set(exclude):
        raise InfeasibleSelection("An account cannot be both included and excluded.")
    if n == 0:
        return Selection(np.zeros(0, dtype=bool), [], 0.0, 0, capacity.loads()[1], [])
    positions = candidates(problem, capacity, limits, set(include), set(exclude))
    selected = np.zeros(n, dtype=bool)
    if len(positions):
        chosen = _solve(
            _subproblem(problem, positions), capacity, limits, positions, include, time_limit
        )
        selected[positions[chosen]] = True
    return _explained(problem, capacity, limits, selected, set(include), set(exclude))


def _solve(
    problem: Problem,
    capacity: Capacity,
    limits: Sequence[Limit],
    positions: npt.NDArray[np.int64],
    include: Sequence[int],
    time_limit: float,
) -> npt.NDArray[np.bool_]:
    """Solve the 0/1 programme on the candidates; which of them are selected."""
    n = len(problem.accounts)
    low, high = np.zeros(n), np.ones(n)
    low[np.isin(positions, list(include))] = 1
    # A tiny cost per account: among selections of equal value, the smaller one wins, so an
    # account worth nothing is never taken just because capacity is left.
    epsilon = 1e-7 * max(float(np.abs(problem.values).max(initial=0.0)), 1.0)
    result = milp(
        c=epsilon - problem.values,
        integrality=np.ones(n, dtype=np.int64),
        bounds=Bounds(low, high),
        constraints=_constraints(problem, capacity, limits),
        # HiGHS presolve looks for symmetry among thousands of alike columns: seconds, no gain.
        options={"time_limit": time_limit, "mip_rel_gap": 1e-9, "presolve": False},
    )
    if result.x is None:
        raise InfeasibleSelection(
            "No selection meets every constraint: check the must-includes against the KAM "
            "capacity, and the minimums per group against the accounts available."
        )
    return np.asarray(result.x) > 0.5


def _explained(
    problem: Problem,
    capacity: Capacity,
    limits: Sequence[Limit],
    selected: npt.NDArray[np.bool_],
    include: set[int],
    exclude: set[int],
) -> Selection:
    """Attach a reason to every account: overrides first, then what kept an account out."""
    loads, available = capacity.loads()
    tiers = np.asarray(problem.tiers, dtype=str)
    load = sum(loads[t] * int((selected & (tiers == t)).sum()) for t in loads)
    binding = [
        f"{limit.dimension}:{limit.key}"
        for limit in limits
        if limit.maximum is not None
        and int(
            problem.groups.get((limit.dimension, limit.key), np.zeros(0, bool)).astype(int)
            @ selected
        )
        >= limit.maximum
    ]
    capped = np.zeros(len(selected), dtype=bool)
    for name in binding:
        dimension, key = name.split(":", 1)
        capped |= problem.groups.get((dimension, key), np.zeros(len(selected), dtype=bool))
    forced_in = np.zeros(len(selected), dtype=bool)
    forced_in[list(include)] = True
    forced_out = np.zeros(len(selected), dtype=bool)
    forced_out[list(exclude)] = True
    reasons = np.select(
        [forced_in, forced_out, selected, problem.values <= 0, capped],
        ["include", "exclude", "optimal", "no_value", "limit"],
        default="capacity",
    ).tolist()
    objective = float(problem.values @ selected)
    return Selection(selected, reasons, objective, load, available, binding)


def top_n(revenue: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.bool_]:
    """The naive choice: the ``n`` accounts with the largest revenue (ties: the first listed)."""
    chosen = np.zeros(len(revenue), dtype=bool)
    if n <= 0:
        return chosen
    if n < len(revenue):
        # Only the n largest need sorting: partition first (ties go to the first listed).
        threshold = -np.partition(-revenue, n - 1)[n - 1]
        candidates = np.flatnonzero(revenue >= threshold)
        order = candidates[np.argsort(-revenue[candidates], kind="stable")]
    else:
        order = np.argsort(-revenue, kind="stable")
    chosen[order[:n]] = True
    return chosen


def coverage(
    selected: npt.NDArray[np.bool_],
    *,
    companies: npt.NDArray[np.float64],
    revenue: npt.NDArray[np.float64],
    margin: npt.NDArray[np.float64],
    revenue_last_year: npt.NDArray[np.float64],
) -> dict[str, Any]:
    """What a selection covers: shares of accounts, customers, revenue, margin and growth.

    ``growth`` compares the selection's revenue growth (year on year) with the rest's, and
    ``growth_share`` is the part of the whole base's revenue change that the selection made.
    """

    def share(values: npt.NDArray[np.float64]) -> float | None:
        total = float(values.sum())
        return float(values[selected].sum()) / total if total else None

    def growth(mask: npt.NDArray[np.bool_]) -> float | None:
        before = float(revenue_last_year[mask].sum())
        return float(revenue[mask].sum()) / before - 1 if before > 0 else None

    change = revenue - revenue_last_year
    return {
        "accounts": int(selected.sum()),
        "accounts_share": float(selected.mean()) if len(selected) else None,
        "customers": int(companies[selected].sum()),
        "customers_share": share(companies),
        "revenue": float(revenue[selected].sum()),
        "revenue_share": share(revenue),
        "margin": float(margin[selected].sum()),
        "margin_share": share(margin),
        "growth": growth(selected),
        "growth_rest": growth(~selected),
        "growth_share": share(change),
        "reference": dict(REFERENCE),
    }
