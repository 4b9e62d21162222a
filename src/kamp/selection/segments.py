"""Strategic segments as rules over account attributes: plain Polars, no ORM.

A segment is a list of rules joined by ``all`` (every rule holds) or ``any`` (at least one).
A rule names a ``field``, an ``op`` and ``values``:

* ``industry``, ``country`` (ISO code), ``size``, ``business_unit`` (code): ``in`` / ``not_in``
  a list of values;
* ``product_line`` (code): ``in`` is true when the account bought any of the lines in the last
  twelve months, ``not_in`` when it bought none of them;
* ``attribute:<name>``: a free attribute of the group's head: ``in`` / ``not_in`` compare text,
  ``gte`` / ``lte`` compare numbers;
* any metric of :data:`kamp.selection.metrics.METRICS` (e.g. ``revenue_12m``): ``gte`` / ``lte``.

An account belongs to every segment whose rules it meets; ``segment`` is the first of them in
the segments' order (for colours and counts), ``segment_fit`` the best value-proposition fit
among them (0 to 10, set by the programme team).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from kamp.selection.metrics import METRICS

if TYPE_CHECKING:
    from collections.abc import Sequence

TEXT_FIELDS = ("industry", "country", "size", "business_unit")
LIST_FIELDS = ("product_line",)
TEXT_OPS = ("in", "not_in")
NUMBER_OPS = ("gte", "lte")
MATCHES = ("all", "any")


@dataclass(frozen=True)
class SegmentSpec:
    """A segment as the engine needs it."""

    name: str
    rules: tuple[dict[str, Any], ...]
    match: str = "all"
    fit: float | None = None


def rule_problems(rule: dict[str, Any]) -> list[str]:
    """What is wrong with one rule (empty when it is fine)."""
    field, op, values = rule.get("field", ""), rule.get("op", ""), rule.get("values")
    if not isinstance(field, str) or not isinstance(op, str):
        return ["a rule needs a field and an op"]
    numeric = field in METRICS or field.startswith("attribute:")
    if field in TEXT_FIELDS or field in LIST_FIELDS:
        allowed: tuple[str, ...] = TEXT_OPS
    elif numeric:
        allowed = (*TEXT_OPS, *NUMBER_OPS) if field.startswith("attribute:") else NUMBER_OPS
    else:
        return [f"unknown field {field!r}"]
    if op not in allowed:
        return [f"{field}: op must be one of {', '.join(allowed)}"]
    if op in TEXT_OPS and not (
        isinstance(values, list) and values and all(isinstance(v, str) for v in values)
    ):
        return [f"{field}: give a list of values"]
    if op in NUMBER_OPS and (isinstance(values, bool) or not isinstance(values, int | float)):
        return [f"{field}: give a number"]
    return []


def _attribute(name: str) -> pl.Expr:
    return pl.col("attributes").str.json_path_match(f"$.{name}")


def rule_expr(rule: dict[str, Any]) -> pl.Expr:
    """The rule as a boolean Polars expression (null values never match ``in``)."""
    field, op, values = rule["field"], rule["op"], rule["values"]
    if field in LIST_FIELDS:
        bought = pl.col("product_lines_bought").list.set_intersection(pl.lit(values)).list.len() > 0
        return bought if op == "in" else ~bought
    if field.startswith("attribute:"):
        column = _attribute(field.removeprefix("attribute:"))
    else:
        column = pl.col(field)
    if op == "in":
        return column.cast(pl.String).is_in(values).fill_null(False)
    if op == "not_in":
        return ~column.cast(pl.String).is_in(values).fill_null(False)
    number = column.cast(pl.Float64, strict=False)
    held: pl.Expr = number.ge(values) if op == "gte" else number.le(values)
    return held.fill_null(False)


def segment_expr(segment: SegmentSpec) -> pl.Expr:
    """Whether an account belongs to the segment (a segment without rules holds everyone)."""
    if not segment.rules:
        return pl.lit(True)
    parts = [rule_expr(r) for r in segment.rules]
    return pl.all_horizontal(parts) if segment.match == "all" else pl.any_horizontal(parts)


def flag_column(name: str) -> str:
    """The boolean column saying whether an account is in the segment ``name``."""
    return f"in_segment:{name}"


_SEPARATOR = "\x1f"  # the ASCII unit separator: never typed in a segment's name


def assign_segments(frame: pl.DataFrame, segments: Sequence[SegmentSpec]) -> pl.DataFrame:
    """Add ``segments`` (names, in order), ``segment`` (the first), ``segment_fit``, and one
    :func:`flag_column` per segment."""
    if not segments:
        return frame.with_columns(
            segments=pl.lit([], dtype=pl.List(pl.String)),
            segment=pl.lit(None, dtype=pl.String),
            segment_fit=pl.lit(None, dtype=pl.Float64),
        )
    flags = [pl.col(flag_column(s.name)) for s in segments]
    names = [pl.when(f).then(pl.lit(s.name)) for f, s in zip(flags, segments, strict=True)]
    fits = [
        pl.when(f).then(pl.lit(s.fit, dtype=pl.Float64))
        for f, s in zip(flags, segments, strict=True)
    ]
    # Joined into one string and split again: much faster than building lists row by row.
    joined = pl.concat_str(names, separator=_SEPARATOR, ignore_nulls=True).fill_null("")
    lists = (
        pl.when(joined == "")
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(joined.str.split(_SEPARATOR))
    )
    return frame.with_columns(
        segment_expr(s).alias(flag_column(s.name)) for s in segments
    ).with_columns(segments=lists, segment=pl.coalesce(names), segment_fit=pl.max_horizontal(fits))
