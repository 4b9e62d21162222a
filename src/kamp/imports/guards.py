"""Row checks that keep hostile cells out of the database: NUL characters and oversized extras.

A NUL character (``\\x00``) cannot be stored by PostgreSQL and breaks the documents and
spreadsheets that later show the text, so any imported cell holding one is a problem of its row
and column. Columns a customers file maps to no field are kept as the customer's attributes:
their size per row is capped (``KAMP_IMPORT_MAX_ATTRIBUTE_BYTES``), so 10,000 columns cannot
pile hundreds of kilobytes onto one customer. Pure: frames in, a frame of problems out.
"""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _

from kamp.imports.reading import ROW

NUL = "\x00"
#: What a NUL is shown as in a problem's value (the value itself must stay storable).
NUL_SHOWN = "\\x00"
_SHOWN_LENGTH = 200


def shown(value: pl.Expr) -> pl.Expr:
    """A cell as a problem shows it: its start, with NUL characters spelled out."""
    return (
        value.cast(pl.String)
        .str.slice(0, _SHOWN_LENGTH)
        .str.replace_all(NUL, NUL_SHOWN, literal=True)
    )


def nul_problems(frame: pl.DataFrame, columns: list[str]) -> list[pl.DataFrame]:
    """One problem per imported cell that holds a NUL character."""
    message = _(
        "This cell holds a NUL character (\\x00), which kamp does not store: remove it from "
        "the file."
    )
    return [
        frame.filter(pl.col(c).str.contains(NUL, literal=True)).select(
            pl.col(ROW).cast(pl.Int64).alias("row"),
            pl.lit(c, dtype=pl.String).alias("column"),
            shown(pl.col(c)).alias("value"),
            pl.lit(message, dtype=pl.String).alias("message"),
        )
        for c in columns
        if c in frame.columns
    ]


def attribute_problems(frame: pl.DataFrame, extras: list[str], limit: int) -> list[pl.DataFrame]:
    """Rows whose extra columns (the customer's attributes) would be stored as more than
    ``limit`` bytes of JSON; the problem names the row's largest extra column."""
    extras = [h for h in extras if h in frame.columns]
    if not extras:
        return []
    # {"name": "value", ...}: each pair costs its UTF-8 bytes and six of quotes and separators.
    sizes = [
        pl.when(pl.col(h).str.strip_chars().is_not_null())
        .then(pl.col(h).str.strip_chars().str.len_bytes().cast(pl.Int64) + len(h.encode()) + 6)
        .otherwise(0)
        for h in extras
    ]
    over = frame.select(
        pl.col(ROW).cast(pl.Int64).alias("row"),
        (pl.sum_horizontal(sizes) + 2).alias("size"),
        pl.concat_list(sizes).list.arg_max().alias("largest"),
    ).filter(pl.col("size") > limit)
    if over.is_empty():
        return []
    message = _(
        "The columns kamp keeps as this customer's attributes hold more than %(limit)s bytes in "
        "this row (KAMP_IMPORT_MAX_ATTRIBUTE_BYTES); the largest is this column. Shorten the "
        "values or leave out the columns kamp does not need."
    ) % {"limit": f"{limit:,}"}
    names = pl.Series(extras, dtype=pl.String)
    largest = frame.join(over.select(pl.col("row").alias(ROW), "largest"), on=ROW)
    values = pl.concat_list([pl.col(h) for h in extras]).list.get(pl.col("largest"))
    return [
        largest.select(
            pl.col(ROW).cast(pl.Int64).alias("row"),
            pl.lit(names).gather(pl.col("largest")).alias("column"),
            shown(values).alias("value"),
            pl.lit(message, dtype=pl.String).alias("message"),
        )
    ]
