"""Account metrics from monthly sales facts: plain Polars, no ORM.

An *account* is a customer group (its head and every company below it, see
``Customer.objects.family_of``); the caller labels each fact with its account. Years are rolling
windows of twelve months ending with the ``as_of`` month, so "this year" is always complete:

* ``revenue_12m``, ``margin_12m``: the last twelve months (year 0); ``revenue_y1``,
  ``revenue_y2``, ``revenue_y3``: the twelve months before, and so on back three years.
* ``revenue_growth_yoy`` = revenue_12m / revenue_y1 - 1 (null without revenue a year ago).
* ``revenue_cagr_3y``: the compound annual growth over three years, i.e. three intervals
  between four yearly figures: (revenue_12m / revenue_y3) ** (1/3) - 1 (McDonald scores
  accounts over a 3-year period; kam-methodology.md section 1.1). Null without revenue in the
  first of the four years.
* ``margin_pct``: margin over revenue of the last twelve months, in %.
* ``product_lines``, ``countries``: how many were bought in the last twelve months (breadth).
* ``recency_months``: months since the last month with a sale (0 = the ``as_of`` month);
  ``frequency_12m``: months with a sale among the last twelve (section 1.7, RFM).
* ``wallet``, ``share_of_wallet``, ``white_space``: where a wallet estimate exists, our revenue
  over the customer's annual category spend, and what is left of it (section 5.2). The share is
  computed on the wallet's period: an estimate for a calendar year (``wallet_year``) is compared
  with the revenue of that year; when the data end inside that year, with the revenue of the
  months covered against the same fraction of the wallet; a year before the data's first month
  gives no share. An estimate without a year is compared with the last twelve months. The share
  is capped at 1 (we cannot sell more than the whole wallet: above it, the estimate is low), and
  the white space is wallet x (1 - share).
* ``potential``: the wallet where it is estimated, else the revenue of the last twelve months
  (McDonald accepts approximations where data are missing).
* ``abc``: A, B or C by cumulative revenue share (section 1.5; cut-offs 80 % and 95 % by default,
  configurable): an account is in A while the accounts ranked before it hold less than 80 %.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from kamp.core.money import polars_money_sum

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Metric columns a scoring criterion may name, with a short English description.
METRICS: dict[str, str] = {
    "revenue_12m": "Revenue, last 12 months",
    "margin_12m": "Margin, last 12 months",
    "margin_pct": "Margin %, last 12 months",
    "revenue_y1": "Revenue, 12 months before",
    "revenue_y2": "Revenue, 24 months before",
    "revenue_y3": "Revenue, 36 months before",
    "revenue_growth_yoy": "Revenue growth, year on year",
    "revenue_cagr_3y": "Revenue growth, 3-year CAGR",
    "product_lines": "Product lines bought, last 12 months",
    "countries": "Countries served, last 12 months",
    "recency_months": "Months since the last sale",
    "frequency_12m": "Months with a sale, last 12 months",
    "wallet": "Wallet estimate (annual category spend)",
    "share_of_wallet": "Share of wallet",
    "white_space": "White space (wallet minus revenue)",
    "potential": "Potential (wallet, else revenue)",
    "companies": "Companies in the group",
    "segment_fit": "Value-proposition fit of its segments",
}

#: The range of the metrics that have a natural one: a criterion that uses such a metric as it is
#: (``normalise = "none"``) is rescaled from this range into the model's scale.
METRIC_RANGES: dict[str, tuple[float, float]] = {
    "share_of_wallet": (0.0, 1.0),
    "segment_fit": (0.0, 10.0),
    "frequency_12m": (0.0, 12.0),
}

#: Conventional ABC cut-offs (kam-methodology.md 1.5, [U]): cumulative revenue share.
ABC_CUTS = (0.80, 0.95)
#: Yearly windows read: four, so that a 3-year CAGR has its three intervals.
YEARS = 4


def month_index(day: dt.date) -> int:
    """Months since year 0: consecutive months have consecutive indexes."""
    return day.year * 12 + day.month - 1


def _when(condition: pl.Expr, column: str) -> pl.Expr:
    """``column`` where ``condition`` holds, else null (cheaper than ``filter`` per group)."""
    return pl.when(condition).then(pl.col(column))


def _ratio(numerator: str, denominator: str) -> pl.Expr:
    """numerator / denominator, null unless the denominator is positive."""
    return (
        pl.when(pl.col(denominator) > 0)
        .then(pl.col(numerator) / pl.col(denominator))
        .otherwise(None)
    )


def month_start(index: int) -> dt.date:
    """The first day of the month with this :func:`month_index`."""
    return dt.date(index // 12, index % 12 + 1, 1)


def aggregate(facts: pl.LazyFrame, *, as_of: dt.date, with_lines: bool = False) -> pl.LazyFrame:
    """One row per account with the yearly sums, breadth, recency and frequency (and, with
    ``with_lines``, the sorted list of product lines bought in the last twelve months).

    Years are found by comparing dates with the years' first days (cheaper than month
    arithmetic on every fact); recency is computed afterwards, once per account.
    """
    last = month_index(as_of)
    firsts = [month_start(last - 12 * year - 11) for year in range(YEARS)]
    period = pl.col("period")
    year_of = (
        pl.when(period >= firsts[0])
        .then(0)
        .when(period >= firsts[1])
        .then(1)
        .when(period >= firsts[2])
        .then(2)
        .otherwise(3)
    )
    year = pl.col("year")
    sold = pl.col("revenue") > 0
    recent_sale = (year == 0) & sold
    sums = [
        polars_money_sum(_when(year == 0, "revenue")).alias("revenue_12m"),
        polars_money_sum(_when(year == 0, "margin")).alias("margin_12m"),
        polars_money_sum(_when(year == 1, "revenue")).alias("revenue_y1"),
        polars_money_sum(_when(year == 2, "revenue")).alias("revenue_y2"),
        polars_money_sum(_when(year == 3, "revenue")).alias("revenue_y3"),
        _when(recent_sale, "product_line").drop_nulls().n_unique().alias("product_lines"),
        _when(recent_sale, "country").drop_nulls().n_unique().alias("countries"),
        _when(sold, "period").max().alias("last_sale"),
        _when(recent_sale, "period").drop_nulls().n_unique().alias("frequency_12m"),
    ]
    if with_lines:
        bought = _when(recent_sale, "product_line").drop_nulls().cast(pl.String).unique().sort()
        sums.append(bought.alias("product_lines_bought"))
    in_window = (period >= firsts[-1]) & (period < month_start(last + 1))
    last_sale = pl.col("last_sale")
    recency = last - (last_sale.dt.year().cast(pl.Int64) * 12 + last_sale.dt.month() - 1)
    return (
        facts.filter(in_window)
        .with_columns(year=year_of)
        .group_by("account")
        .agg(sums)
        .with_columns(recency_months=recency)
        .drop("last_sale")
    )


def wallet_period_revenue(
    facts: pl.LazyFrame, wallet_years: pl.DataFrame, *, as_of: dt.date
) -> pl.DataFrame:
    """Per account with a dated wallet (``account``, ``wallet_year``): the revenue of that
    calendar year up to ``as_of`` (``wallet_revenue``) and how many of its months the data cover
    (``wallet_months``); both null when the year starts before the data or after ``as_of``."""
    last = month_index(as_of)
    first = last - 12 * YEARS + 1
    dated = wallet_years.filter(pl.col("wallet_year").is_not_null()).select(
        pl.col("account"), pl.col("wallet_year").cast(pl.Int64)
    )
    start = pl.col("wallet_year") * 12
    covered = (start >= first) & (start <= last)
    yearly = (
        facts.filter((pl.col("period") >= month_start(first)) & (pl.col("period") <= as_of))
        .group_by("account", pl.col("period").dt.year().cast(pl.Int64).alias("wallet_year"))
        .agg(pl.col("revenue").sum().alias("wallet_revenue"))
        .collect()
    )
    return (
        dated.join(yearly, on=["account", "wallet_year"], how="left")
        .with_columns(
            wallet_revenue=pl.when(covered).then(pl.col("wallet_revenue").fill_null(0.0)),
            wallet_months=pl.when(covered).then(
                pl.min_horizontal(start + 11, pl.lit(last)) - start + 1
            ),
        )
        .select("account", "wallet_revenue", "wallet_months")
    )


def derive(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Growth, margin %, wallet figures and potential from the sums (null where undefined).

    ``wallet_year``, ``wallet_revenue`` and ``wallet_months`` (from
    :func:`wallet_period_revenue`) put the share of wallet on the wallet's period; without a
    ``wallet_year`` the wallet is compared with the last twelve months.
    """
    names = frame.collect_schema().names()
    if "wallet_year" not in names:
        frame = frame.with_columns(wallet_year=pl.lit(None, dtype=pl.Int64))
    if "wallet_revenue" not in names:
        frame = frame.with_columns(
            wallet_revenue=pl.lit(None, dtype=pl.Float64),
            wallet_months=pl.lit(None, dtype=pl.Int64),
        )
    cagr = (
        pl.when((pl.col("revenue_y3") > 0) & (pl.col("revenue_12m") >= 0))
        .then((pl.col("revenue_12m") / pl.col("revenue_y3")).pow(1 / (YEARS - 1)) - 1)
        .otherwise(None)
    )
    has_wallet = pl.col("wallet") > 0
    undated = pl.col("wallet_year").is_null()
    revenue = pl.when(undated).then(pl.col("revenue_12m")).otherwise(pl.col("wallet_revenue"))
    months = pl.when(undated).then(pl.lit(12)).otherwise(pl.col("wallet_months"))
    share = (
        pl.when(has_wallet & months.is_not_null())
        .then(revenue / (pl.col("wallet") * months / 12))
        .otherwise(None)
        .clip(0.0, 1.0)
    )
    return frame.with_columns(
        revenue_growth_yoy=_ratio("revenue_12m", "revenue_y1") - 1,
        revenue_cagr_3y=cagr,
        margin_pct=_ratio("margin_12m", "revenue_12m") * 100,
        share_of_wallet=share,
    ).with_columns(
        white_space=pl.col("wallet") * (1 - pl.col("share_of_wallet")),
        potential=pl.when(has_wallet).then(pl.col("wallet")).otherwise(pl.col("revenue_12m")),
    )


def abc_classes(frame: pl.DataFrame, cuts: Sequence[float] = ABC_CUTS) -> pl.Series:
    """A, B or C per row of ``frame`` (in its order) by cumulative ``revenue_12m``.

    Accounts are ranked by revenue (ties by account); an account is A while the accounts before
    it hold less than ``cuts[0]`` of the total, B while they hold less than ``cuts[1]``, else C.
    An account without revenue is always C.
    """
    revenue = pl.col("revenue_12m").clip(lower_bound=0)
    total = float(frame["revenue_12m"].clip(lower_bound=0).sum())
    before = (revenue.cum_sum() - revenue) / total if total > 0 else pl.lit(1.0)
    sold = pl.col("revenue_12m") > 0
    ranked = (
        frame.select("account", "revenue_12m")
        .with_row_index("_row")
        .sort(["revenue_12m", "account"], descending=[True, False])
        .with_columns(
            abc=pl.when(sold & (before < cuts[0]))
            .then(pl.lit("A"))
            .when(sold & (before < cuts[1]))
            .then(pl.lit("B"))
            .otherwise(pl.lit("C"))
        )
    )
    return ranked.sort("_row")["abc"]


def account_metrics(
    facts: pl.DataFrame | pl.LazyFrame,
    *,
    as_of: dt.date,
    accounts: pl.DataFrame | None = None,
    abc_cuts: Sequence[float] = ABC_CUTS,
    with_lines: bool = True,
) -> pl.DataFrame:
    """Every metric of :data:`METRICS` (but ``segment_fit``) for each account.

    ``facts`` has ``account``, ``period`` (first of the month), ``product_line``, ``country``,
    ``revenue`` and ``margin``. ``accounts`` (optional) lists every account with, optionally,
    ``wallet`` (with ``wallet_year``, the calendar year it estimates) and ``companies``;
    accounts without sales then appear with zero revenue. Without
    it, the accounts are those with facts. ``with_lines`` adds ``product_lines_bought`` (for
    segment rules on product lines; it costs a list per account).
    """
    sums = aggregate(facts.lazy(), as_of=as_of, with_lines=with_lines).collect()
    if accounts is None:
        accounts = sums.select("account")
    base = accounts
    if "wallet" not in base.columns:
        base = base.with_columns(wallet=pl.lit(None, dtype=pl.Float64))
    if "wallet_year" not in base.columns:
        base = base.with_columns(wallet_year=pl.lit(None, dtype=pl.Int64))
    if "companies" not in base.columns:
        base = base.with_columns(companies=pl.lit(1, dtype=pl.Int64))
    joined = base.join(sums, on="account", how="left").with_columns(
        pl.col(c).fill_null(0)
        for c in (
            "revenue_12m",
            "margin_12m",
            "revenue_y1",
            "revenue_y2",
            "revenue_y3",
            "product_lines",
            "countries",
            "frequency_12m",
        )
    )
    joined = joined.with_columns(
        pl.col("wallet").cast(pl.Float64), pl.col("wallet_year").cast(pl.Int64)
    )
    periods = wallet_period_revenue(
        facts.lazy(), joined.select("account", "wallet_year"), as_of=as_of
    )
    joined = joined.join(periods, on="account", how="left")
    if with_lines:
        empty = pl.lit([], dtype=pl.List(pl.String))
        joined = joined.with_columns(pl.col("product_lines_bought").fill_null(empty))
    result = derive(joined.lazy()).collect()
    return result.with_columns(abc_classes(result, abc_cuts))
