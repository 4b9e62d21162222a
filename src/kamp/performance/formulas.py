"""KPI formulas of the KAM method: plain numbers in, ``Decimal`` (or ``None``) out.

Every function cites its section of the methodology reference (``kam-methodology.md``): §5.1
programme KPIs, §5.2 account KPIs, §5.3 pipeline, §7.1 worked examples. A ratio whose
denominator is zero is ``None`` (not measurable), never an error and never zero.
No ORM, no request: the selectors read the data and call these.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

Number = Decimal | int

ZERO = Decimal(0)
ONE = Decimal(1)


def _d(value: Number | float | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def ratio(part: Number, whole: Number) -> Decimal | None:
    """``part / whole``, or ``None`` when ``whole`` is zero."""
    return None if not whole else _d(part) / _d(whole)


def revenue_growth(current: Number, previous: Number) -> Decimal | None:
    """§5.1 KA revenue growth: g = Rev_t / Rev_(t−1) − 1 (0.10 is +10 %)."""
    r = ratio(current, previous)
    return None if r is None else r - ONE


def growth_ratio(ka_growth: Decimal | None, rest_growth: Decimal | None) -> Decimal | None:
    """§5.1 KA growth vs the rest: ratio = g_KA / g_nonKA (reference ≈ 2×, up to 2.4×).

    Only meaningful when the rest grew: ``None`` when g_nonKA is zero, negative or unknown.
    """
    if ka_growth is None or rest_growth is None or rest_growth <= 0:
        return None
    return ka_growth / rest_growth


def margin_pct(margin: Number, revenue: Number) -> Decimal | None:
    """§5.1 gross margin %: GM% = margin / revenue (a fraction)."""
    return ratio(margin, revenue)


def margin_uplift(ka_margin_pct: Decimal | None, rest_margin_pct: Decimal | None) -> Decimal | None:
    """§5.1 KA margin uplift: GM%_KA − GM%_nonKA (in points of a fraction)."""
    if ka_margin_pct is None or rest_margin_pct is None:
        return None
    return ka_margin_pct - rest_margin_pct


def concentration(part: Number, whole: Number) -> Decimal | None:
    """§5.1 concentration: Rev_KA / Rev_total, or #KA / #customers (reference 50 % / 10 %)."""
    return ratio(part, whole)


def share_of_wallet(revenue: Number, wallet: Number) -> Decimal | None:
    """§5.2 share of wallet = our revenue / the customer's category spend, capped at 1.

    A wallet estimate below our revenue is an estimate that is too low: the share is 1, not more.
    """
    r = ratio(revenue, wallet)
    return None if r is None else min(r, ONE)


def white_space(revenue: Number, wallet: Number) -> Decimal:
    """§5.2 white space = wallet − our revenue, never below zero."""
    return max(_d(wallet) - _d(revenue), ZERO)


def gross_revenue_retention(start: Number, churn: Number, contraction: Number) -> Decimal | None:
    """§5.2 GRR = (start − churn − contraction) / start."""
    return ratio(_d(start) - _d(churn) - _d(contraction), start)


def net_revenue_retention(
    start: Number, churn: Number, contraction: Number, expansion: Number
) -> Decimal | None:
    """§5.2 NRR = (start − churn − contraction + expansion) / start."""
    return ratio(_d(start) - _d(churn) - _d(contraction) + _d(expansion), start)


def retention_movements(
    before: Mapping[str, Decimal], after: Mapping[str, Decimal]
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """§5.2 the movements behind GRR and NRR, from revenue by customer in two periods.

    Returns ``(start, churn, contraction, expansion)`` over the customers of ``before``: a
    customer that went to zero churned; one that bought less contracted; one that bought more
    expanded. New customers (only in ``after``) are not retention and are left out.
    """
    start = churn = contraction = expansion = ZERO
    for key, was in before.items():
        if was <= 0:
            continue
        now = after.get(key, ZERO)
        start += was
        if now <= 0:
            churn += was
        elif now < was:
            contraction += was - now
        else:
            expansion += now - was
    return start, churn, contraction, expansion


def clv_multiple(retention: Number | float, discount: Number | float) -> Decimal | None:
    """§5.2 Gupta–Lehmann margin multiple r / (1 + i − r); §7.1 T3: r=0.8, i=0.1 → 2.67."""
    r, i = _d(retention), _d(discount)
    return ratio(r, ONE + i - r)


def clv_margin_multiple(
    margin: Number,
    retention: Number | float,
    discount: Number | float,
    acquisition_cost: Number = 0,
) -> Decimal | None:
    """§5.2 CLV = m × r / (1 + i − r) − AC (AC = 0 for an existing customer)."""
    multiple = clv_multiple(retention, discount)
    return None if multiple is None else _d(margin) * multiple - _d(acquisition_cost)


def clv_explicit(
    margins: Sequence[Number], retention: Number | float, discount: Number | float
) -> Decimal:
    """§5.2 explicit CLV for a multi-year plan: Σ_t m_t r^t / (1 + i)^t, t = 1…T.

    With a constant margin and T → ∞ this tends to the margin multiple above.
    """
    r, i = _d(retention), _d(discount)
    return sum((_d(m) * r**t / (ONE + i) ** t for t, m in enumerate(margins, start=1)), ZERO)


def plan_coverage(
    last_reviews: Iterable[dt.date | None], as_of: dt.date, *, window_days: int = 90
) -> Decimal | None:
    """§5.1 plan coverage: share of key accounts with an approved plan reviewed in the last 90
    days. One entry per key account: its plan's last review date (``None``: no approved plan)."""
    reviews = list(last_reviews)
    since = as_of - dt.timedelta(days=window_days)
    covered = sum(1 for d in reviews if d is not None and since <= d <= as_of)
    return ratio(covered, len(reviews))


def plan_execution(
    due_dates_done: Iterable[tuple[dt.date, dt.date | None]], as_of: dt.date
) -> Decimal | None:
    """§5.1 plan execution rate: milestones (or actions) done by their date / those due by t.

    Each item is ``(due, done_on)``; an item counts when due on or before ``as_of``, and as done
    when it was done on or before its due date.
    """
    due = [(d, done) for d, done in due_dates_done if d <= as_of]
    on_time = sum(1 for d, done in due if done is not None and done <= d)
    return ratio(on_time, len(due))


def sponsor_coverage(sponsored: int, key_accounts: int) -> Decimal | None:
    """§5.1 exec-sponsor coverage: share of key accounts with an active sponsor."""
    return ratio(sponsored, key_accounts)


def resource_commitment_rate(committed: Number, asked: Number) -> Decimal | None:
    """§5.1 account-team utilisation / resource commitment: committed / asked (Gartner: 16 %
    of KAMs say their customers fully use the dedicated resources)."""
    return ratio(committed, asked)


def quota_attainment(actuals_and_targets: Iterable[tuple[Number, Number]]) -> Decimal | None:
    """§5.1 KA quota attainment: # KAs at ≥ 100 % of target / # KAs with a target."""
    pairs = [(a, t) for a, t in actuals_and_targets if t]
    return ratio(sum(1 for a, t in pairs if a >= t), len(pairs))


def pipeline_coverage(pipeline: Number, remaining_quota: Number) -> Decimal | None:
    """§5.3 pipeline coverage = open pipeline / remaining quota (§7.1 T5: 4.8M / 1.6M = 3.0×)."""
    return ratio(pipeline, remaining_quota)


def required_coverage(win_rate: Number | float) -> Decimal | None:
    """§5.3 required coverage = 1 / win rate (§7.1 T5: 22 % → 4.5×)."""
    return ratio(ONE, _d(win_rate))


def nps(promoters: Number | float, detractors: Number | float) -> Decimal:
    """§5.2 NPS = % promoters − % detractors (shares as fractions; §7.1 T4: 0.3, 0.2 → +10)."""
    return (_d(promoters) - _d(detractors)) * 100


def days_in_stage(since: dt.date, as_of: dt.date) -> int:
    """§5.2 acceleration: days spent in the current relationship stage so far."""
    return max((as_of - since).days, 0)


def time_in_stages(changes: Sequence[tuple[dt.date, str]], as_of: dt.date) -> dict[str, int]:
    """§5.2 acceleration: days spent in each relationship stage.

    ``changes`` are ``(date, stage entered)``; a stage entered twice adds up. The last stage runs
    to ``as_of``.
    """
    ordered = sorted(changes)
    spent: dict[str, int] = {}
    for (start, stage), end in zip(ordered, [*(d for d, _s in ordered[1:]), as_of], strict=True):
        spent[stage] = spent.get(stage, 0) + days_in_stage(start, end)
    return spent


def acceleration(changes: Sequence[tuple[dt.date, str]]) -> Decimal | None:
    """§5.2 acceleration speed: mean days between successive stage changes (lower is faster)."""
    dates = sorted(d for d, _s in changes)
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    return ratio(sum(gaps), len(gaps))
