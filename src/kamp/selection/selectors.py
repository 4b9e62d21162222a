"""Reads for segmentation and selection: the ORM turned into the frames the engine takes, and
the figures the pages, the API and the CLI show.

Selection covers the whole customer base (see :mod:`kamp.selection.permissions`), so these
reads take every customer; callers check ``can(user, "view")`` first (``visible_to`` does).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import connection
from django.db.models import Count, F, FloatField, Max, Q
from django.db.models.functions import Cast, Coalesce

from kamp.core.money import series_money_total
from kamp.customers.models import Customer, SalesFact, WalletEstimate
from kamp.organisation.models import Country, ProductLine
from kamp.selection.engine import prepare
from kamp.selection.metrics import YEARS, month_index
from kamp.selection.models import (
    ManualScore,
    ScoringModel,
    Segment,
    SelectionResult,
    SelectionRun,
)

if TYPE_CHECKING:
    import uuid
    from decimal import Decimal

    from django.db.models import QuerySet

    from kamp.selection.scoring import ModelSpec
    from kamp.selection.segments import SegmentSpec


def default_as_of() -> dt.date:
    """The last day of the newest month with sales (or of last month when there are none)."""
    newest: dt.date | None = SalesFact.objects.aggregate(newest=Max("period"))["newest"]
    if newest is None:
        return dt.date.today().replace(day=1) - dt.timedelta(days=1)
    return newest.replace(day=calendar.monthrange(newest.year, newest.month)[1])


def _first_month(as_of: dt.date) -> dt.date:
    index = month_index(as_of) - 12 * YEARS + 1
    return dt.date(index // 12, index % 12 + 1, 1)


def sales_frame(as_of: dt.date) -> pl.DataFrame:
    """Monthly facts of the three years up to ``as_of``, each labelled with its account (the
    group head), product line and country code; money as floats after the database summed it.

    Read with a plain cursor: building 150,000 Decimals and dates row by row costs seconds.
    """
    qs = (
        SalesFact.objects.filter(period__gte=_first_month(as_of), period__lte=as_of)
        .annotate(
            account=Coalesce(F("customer__group_id"), F("customer_id")),
            revenue_f=Cast("revenue", FloatField()),
            margin_f=Cast("margin", FloatField()),
        )
        .values_list("account", "period", "product_line_id", "country_id", "revenue_f", "margin_f")
    )
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = ["account", "period", "line_id", "country_id", "revenue", "margin"]
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)
    if frame.is_empty():
        frame = pl.DataFrame(schema=dict.fromkeys(names, pl.Int64))
    period = pl.col("period")
    lines = dict(ProductLine.objects.values_list("pk", "code"))
    countries = dict(Country.objects.values_list("pk", "code"))
    return frame.select(
        pl.col("account").cast(pl.Int64),
        (period.str.to_date() if frame.schema["period"] == pl.String else period.cast(pl.Date)),
        pl.col("line_id")
        .replace_strict(lines, default=None, return_dtype=pl.String)
        .alias("product_line"),
        pl.col("country_id")
        .replace_strict(countries, default=None, return_dtype=pl.String)
        .alias("country"),
        pl.col("revenue").cast(pl.Float64),
        pl.col("margin").cast(pl.Float64),
    )


def _wallets() -> dict[int, tuple[float, int | None]]:
    """Each group's wallet: the estimates of its companies for their newest year, summed, and
    that year (None for undated estimates, which count as the newest)."""
    newest: dict[int, int] = {}
    totals: dict[tuple[int, int], float] = {}
    estimates = WalletEstimate.objects.annotate(
        account=Coalesce(F("customer__group_id"), F("customer_id"))
    ).values_list("account", "year", "amount")
    for account, year, amount in estimates.iterator():
        key = (account, year or 0)
        totals[key] = totals.get(key, 0.0) + float(amount)
        newest[account] = max(newest.get(account, 0), year or 0)
    return {account: (totals[(account, year)], year or None) for account, year in newest.items()}


def accounts_frame() -> pl.DataFrame:
    """Every customer group (top-level customer) with what segments and metrics need."""
    heads = (
        Customer.objects.groups()
        .annotate(companies=Count("members") + 1)
        .values_list(
            "pk",
            "source_id",
            "name",
            "industry",
            "country__code",
            "size",
            "business_unit__code",
            "attributes",
            "companies",
        )
        .order_by("pk")
    )
    names = [
        "account",
        "source_id",
        "name",
        "industry",
        "country",
        "size",
        "business_unit",
        "attributes",
        "companies",
    ]
    rows = [(*row[:7], json.dumps(row[7] or {}), row[8]) for row in heads]
    schema = {n: pl.String for n in names} | {"account": pl.Int64, "companies": pl.Int64}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    wallets = _wallets()
    amounts = {account: amount for account, (amount, _year) in wallets.items()}
    years = {account: year for account, (_amount, year) in wallets.items()}
    return frame.with_columns(
        wallet=pl.col("account").replace_strict(amounts, default=None, return_dtype=pl.Float64),
        wallet_year=pl.col("account").replace_strict(years, default=None, return_dtype=pl.Int64),
        industry=pl.when(pl.col("industry") == "").then(None).otherwise(pl.col("industry")),
        size=pl.when(pl.col("size") == "").then(None).otherwise(pl.col("size")),
    )


def segment_list() -> QuerySet[Segment]:
    """Every strategic segment, in its order (position, then name)."""
    return Segment.objects.order_by("position", "name")


def segment_names() -> list[str]:
    """The segments' names, in their order: the choices of a segment filter."""
    return list(segment_list().values_list("name", flat=True))


def segment_count() -> int:
    return Segment.objects.count()


def segment_specs() -> list[SegmentSpec]:
    return [s.spec() for s in segment_list()]


def manual_frame(spec: ModelSpec) -> pl.DataFrame:
    """The team's scores for the manual criteria of ``spec`` as ``account, criterion, score``:
    those entered for any version of the model of that name (the newest version's first), on
    the model's scale, or out of ``max`` for a points criterion. Other models' scores are not
    read, whatever their criteria's names."""
    tops = {c.key: c.max_points or float(spec.scale) for _a, _g, c in spec.criteria if c.manual}
    rows = (
        ManualScore.objects.filter(model__name=spec.name, criterion__in=tops)
        .order_by("model__version", "updated_at", "pk")
        .values_list("account_id", "criterion", "score", "scale")
    )
    scores = {(a, c): s * tops[c] / given for a, c, s, given in rows}
    return pl.DataFrame(
        [(a, c, s) for (a, c), s in scores.items()],
        schema={"account": pl.Int64, "criterion": pl.String, "score": pl.Float64},
        orient="row",
    )


def prepared_accounts(as_of: dt.date | None = None) -> tuple[pl.DataFrame, dt.date]:
    """Metrics and segments of every account, and the date the data run to."""
    as_of = as_of or default_as_of()
    frame = prepare(sales_frame(as_of), accounts_frame(), as_of=as_of, segments=segment_specs())
    return frame, as_of


@dataclass(frozen=True)
class SegmentFigures:
    """A segment's row in the overview."""

    segment: Segment | None  # None: the accounts in no segment
    accounts: int
    customers: int
    revenue: Decimal
    margin: Decimal
    margin_pct: float | None
    growth: float | None


def _figures(segment: Segment | None, part: pl.DataFrame) -> SegmentFigures:
    revenue = series_money_total(part["revenue_12m"])
    margin = series_money_total(part["margin_12m"])
    before = series_money_total(part["revenue_y1"])
    return SegmentFigures(
        segment=segment,
        accounts=len(part),
        customers=int(part["companies"].sum()),
        revenue=revenue,
        margin=margin,
        margin_pct=float(margin / revenue * 100) if revenue else None,
        growth=float(revenue / before - 1) if before > 0 else None,
    )


def segment_overview(prepared: pl.DataFrame) -> list[SegmentFigures]:
    """Per segment (in order), then for accounts in none: accounts, customers, revenue,
    margin, margin % and growth of the last twelve months."""
    rows = [
        _figures(s, prepared.filter(pl.col("segments").list.contains(s.name)))
        for s in segment_list()
    ]
    rows.append(_figures(None, prepared.filter(pl.col("segments").list.len() == 0)))
    return rows


def result_show_filter(show: str) -> Q:
    """The results ``show`` keeps: ``all``, ``selected``, ``top_n`` or ``differences`` (in one
    list but not the other); an unknown value keeps them all."""
    if show == "selected":
        return Q(selected=True)
    if show == "top_n":
        return Q(top_n=True)
    if show == "differences":
        return Q(selected=True, top_n=False) | Q(selected=False, top_n=True)
    return Q()


def run_results(
    run: SelectionRun, *, show: str = "all", sort: str = "rank"
) -> QuerySet[SelectionResult]:
    """A run's results with their account and validation, filtered by ``show`` (see
    :func:`result_show_filter`) and sorted by ``sort``. Each result's ``run`` is ``run``."""
    qs = run.results.select_related("account", "validation", "validation__decided_by").filter(
        result_show_filter(show)
    )
    orderings = {
        "rank": ("rank",),
        "-revenue": ("-revenue_12m", "rank"),
        "-attractiveness": ("-attractiveness", "rank"),
        "-strength": ("-strength", "rank"),
        "name": ("account__name", "rank"),
    }
    return qs.order_by(*orderings.get(sort, ("rank",)))


@dataclass(frozen=True)
class Movement:
    """An account that entered or left the selection between two runs, and why."""

    account: Customer
    before: SelectionResult | None
    after: SelectionResult | None


def run_compare(older: SelectionRun, newer: SelectionRun) -> dict[str, list[Movement]]:
    """Who entered the selection, who left, and who stayed, from ``older`` to ``newer``."""
    before = {
        r.account_id: r for r in SelectionResult.objects.filter(run=older).select_related("account")
    }
    after = {
        r.account_id: r for r in SelectionResult.objects.filter(run=newer).select_related("account")
    }
    entered, left, stayed = [], [], []
    for account_id in sorted(set(before) | set(after)):
        b, a = before.get(account_id), after.get(account_id)
        was, now = bool(b and b.selected), bool(a and a.selected)
        account = (a or b).account  # type: ignore[union-attr]
        movement = Movement(account, b, a)
        if now and not was:
            entered.append(movement)
        elif was and not now:
            left.append(movement)
        elif was and now:
            stayed.append(movement)
    return {
        "entered": sorted(entered, key=_rank),
        "left": sorted(left, key=_rank),
        "stayed": sorted(stayed, key=_rank),
    }


def _rank(movement: Movement) -> int:
    result = movement.after if movement.after and movement.after.selected else movement.before
    return result.rank if result else 0


def manual_score_count() -> int:
    """How many scores the scoring team stored, all criteria together."""
    return ManualScore.objects.count()


def manual_score_counts() -> list[dict[str, Any]]:
    """How many accounts the scoring team scored, per model and criterion."""
    rows = (
        ManualScore.objects.values("model__name", "model__version", "criterion")
        .annotate(accounts=Count("pk"), updated=Max("updated_at"))
        .order_by("model__name", "model__version", "criterion")
    )
    return [dict(row) for row in rows]


def metrics_rows(
    prepared: pl.DataFrame, *, segment: str = "", sort: str = "revenue_12m"
) -> list[dict[str, Any]]:
    """The accounts of ``prepared`` (in ``segment`` if given) as dictionaries, sorted: names
    A to Z, ABC classes A first, recency smallest first, other metrics biggest first."""
    frame = prepared
    if segment:
        frame = frame.filter(pl.col("segments").list.contains(segment))
    ascending = sort in ("name", "abc", "recency_months")
    frame = frame.sort([sort, "name"], descending=[not ascending, False], nulls_last=True)
    return frame.drop(
        [c for c in frame.columns if c.startswith("in_segment:")] + ["attributes"]
    ).to_dicts()


def run_by_public_id(public_id: uuid.UUID) -> SelectionRun | None:
    """A selection run by its public id (the caller checks the reader may see it)."""
    return SelectionRun.objects.filter(public_id=public_id).first()


def scoring_model_latest_versions() -> QuerySet[ScoringModel]:
    """The newest version of every scoring model, by name."""
    return ScoringModel.objects.latest_versions().order_by("name")


def scoring_model_versions() -> QuerySet[ScoringModel]:
    """Every version of every scoring model, by name and newest version first."""
    return ScoringModel.objects.select_related("created_by").order_by("name", "-version")


def scoring_model_versions_of(name: str) -> QuerySet[ScoringModel]:
    """The versions of the model called ``name``, newest first."""
    return ScoringModel.objects.filter(name=name).order_by("-version")


def latest_scoring_models() -> QuerySet[ScoringModel]:
    """The newest version of every scoring model, by name."""
    return ScoringModel.objects.latest_versions().order_by("name")


def newest_scoring_model() -> ScoringModel | None:
    """The scoring model version saved last (a new run starts from it), or ``None``."""
    return ScoringModel.objects.order_by("-created_at").first()


def scoring_model_by_public_id(public_id: uuid.UUID) -> ScoringModel | None:
    """A scoring model version by its public id (the caller checks the reader may see it)."""
    return ScoringModel.objects.filter(public_id=public_id).first()


def run_list() -> QuerySet[SelectionRun]:
    """Selection runs, newest first, with their model and who made them."""
    return SelectionRun.objects.select_related("model", "model__created_by", "created_by")


def recent_runs(limit: int = 5) -> list[SelectionRun]:
    """The ``limit`` newest runs, with their model."""
    return list(SelectionRun.objects.select_related("model")[:limit])


def other_runs(run: SelectionRun, limit: int = 20) -> list[SelectionRun]:
    """The ``limit`` newest runs besides ``run``: what it can be compared with."""
    return list(SelectionRun.objects.exclude(pk=run.pk).order_by("-created_at")[:limit])
