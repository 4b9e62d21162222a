"""Exact money in the database: sums that never pass through a floating-point accumulator.

SQLite keeps a ``DecimalField`` as a REAL, and its ``SUM()`` adds doubles: 36,385,341.52 came back
as 36,385,341.5200001 on Debian 12's SQLite 3.40. :class:`MoneySum` adds whole cents there (SQLite
adds 64-bit integers exactly) and divides once at the end; PostgreSQL's ``numeric`` sum is exact
already. :class:`ExactDecimalField` as an ``output_field`` rounds what comes back to the field's
places, so a total reads ``Decimal('36385341.52')`` on both databases, also through ``Coalesce``.

Exact for totals below 10**13 in the currency's unit (15 significant digits with the cents, what
SQLite can hand back through a REAL); kamp's amounts are capped far below that per fact.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import models
from django.db.models import Sum

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType


class ExactDecimalField(models.DecimalField[Decimal, Decimal]):
    """A decimal output that comes back rounded to its places (no float digits from SQLite)."""

    def __init__(self, *, max_digits: int = 20, decimal_places: int = 2) -> None:
        super().__init__(max_digits=max_digits, decimal_places=decimal_places)

    def get_db_converters(self, connection: BaseDatabaseWrapper) -> list[Callable[..., Any]]:
        return [*super().get_db_converters(connection), self._to_places]

    def _to_places(
        self, value: Decimal | None, expression: object, connection: BaseDatabaseWrapper
    ) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value).quantize(Decimal(1).scaleb(-(self.decimal_places or 0)))


class MoneySum(Sum):
    """``SUM`` of a decimal column, exact on every database, rounded to ``places`` decimals."""

    def __init__(self, expression: str | models.Expression, *, places: int = 2, **extra: Any):
        self.places = places
        extra.setdefault("output_field", ExactDecimalField(decimal_places=places))
        super().__init__(expression, **extra)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        scale = 10**self.places
        # NUMERIC, as Django casts its own decimal expressions on SQLite, so that a filter on
        # the sum (``total__gt=Decimal(0)``, sent as text) compares numbers, not text.
        template = (
            f"CAST((SUM(CAST(ROUND(%(expressions)s * {scale}) AS INTEGER)) / {scale}.0) AS NUMERIC)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


def money_total(values: list[Decimal] | tuple[Decimal, ...]) -> Decimal:
    """The exact sum of amounts in Python (never ``sum()`` over floats)."""
    return sum(values, Decimal(0))


def polars_money_sum(expr: pl.Expr, *, places: int = 2) -> pl.Expr:
    """A Polars sum of amounts held as floats, added in whole cents (exact ``Int64``).

    What comes back is a float again, but the double nearest to the exact total: rounded to
    ``places`` it is the right figure, whatever the number of terms (a float accumulator drifts).
    """
    scale = 10**places
    total: pl.Expr = (expr * scale).round().cast(pl.Int64).sum() / scale
    return total


def series_money_total(series: pl.Series, *, places: int = 2) -> Decimal:
    """The exact total of a column of amounts (floats or decimals), as a ``Decimal``."""
    scale = 10**places
    cents = (series.cast(pl.Float64) * scale).round().cast(pl.Int64).sum()
    return Decimal(int(cents or 0)).scaleb(-places)
