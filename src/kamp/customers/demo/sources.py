"""Source files as an ERP would export them, made from the demo company's monthly facts."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from kamp.customers.demo.catalogue import DEFAULT_SEED
from kamp.customers.demo.company import DemoCompany, apportion, generate_demo_company

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from pathlib import Path

    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

#: Invoice lines written per chunk: bounds memory whatever the number of lines asked for.
CHUNK_LINES = 1_000_000


@dataclass(frozen=True)
class SourceFiles:
    """What :func:`write_source_files` wrote."""

    customers: Path
    contacts: Path
    sales: Path
    lines: int
    facts: int  # monthly facts the sales lines add up to


def write_source_files(
    out_dir: Path,
    *,
    lines: int,
    seed: int = DEFAULT_SEED,
    as_of: date | None = None,
    company: DemoCompany | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SourceFiles:
    """Write ``customers.csv``, ``contacts.csv`` and ``sales.csv`` as an ERP would export them.

    ``sales.csv`` has exactly ``lines`` invoice lines. They are spread over the monthly facts in
    proportion to revenue, at least one per fact (when there are fewer lines than facts, the
    biggest-by-chance facts get one each), on random days of the month, and they add back up to
    the facts to the cent. Lines are written in chunks, so memory stays bounded at any size.
    ``progress(done, total)`` is called after each chunk.
    """
    if lines < 1:
        raise ValueError("Ask for at least one sales line.")
    company = company or generate_demo_company(seed=seed, as_of=as_of)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = SourceFiles(
        out_dir / "customers.csv", out_dir / "contacts.csv", out_dir / "sales.csv", lines, 0
    )
    company.customers.select(
        customer_id="source_id",
        name="name",
        parent_id="parent_id",
        country="country",
        industry="industry",
        size="size",
    ).write_csv(files.customers)
    company.contacts.write_csv(files.contacts)

    rng = np.random.default_rng([seed, 1])
    revenue = company.sales["revenue"].to_numpy()
    allocation = _allocate_lines(rng, revenue, lines)
    facts = company.sales.filter(pl.Series(allocation > 0))
    allocation = allocation[allocation > 0]
    ends = np.cumsum(allocation)
    cuts = [
        0,
        *np.searchsorted(ends, np.arange(CHUNK_LINES, lines, CHUNK_LINES), side="right"),
        len(ends),
    ]
    with files.sales.open("wb") as out:
        for chunk, (start, stop) in enumerate(zip(cuts[:-1], cuts[1:], strict=True)):
            first_line = int(ends[start - 1]) if start else 0
            frame = _invoice_lines(
                np.random.default_rng([seed, 2, chunk]),
                facts[start:stop],
                allocation[start:stop],
                first_line,
            )
            frame.write_csv(out, include_header=chunk == 0)
            if progress is not None:
                progress(int(ends[stop - 1]) if stop else 0, lines)
    return SourceFiles(files.customers, files.contacts, files.sales, lines, len(facts))


def _allocate_lines(rng: np.random.Generator, revenue: FloatArray, lines: int) -> IntArray:
    """How many invoice lines each fact becomes: ``lines`` in all, in proportion to revenue."""
    if lines >= len(revenue):
        return 1 + apportion(lines - len(revenue), revenue)
    # Fewer lines than facts: keep a revenue-weighted sample of facts (Efraimidis-Spirakis keys).
    keys = np.log(rng.random(len(revenue))) / revenue
    allocation = np.zeros(len(revenue), dtype=np.int64)
    allocation[np.argpartition(-keys, lines - 1)[:lines]] = 1
    return allocation


def _split(total: IntArray, weight: FloatArray, fact: IntArray, position: IntArray) -> IntArray:
    """Split each fact's whole ``total`` over its lines by ``weight``; parts sum back exactly."""
    parts = np.floor(total[fact] * weight).astype(np.int64)
    short = total - np.bincount(fact, weights=parts, minlength=len(total)).astype(np.int64)
    return parts + (position < short[fact])


def _invoice_lines(
    rng: np.random.Generator, facts: pl.DataFrame, allocation: IntArray, first_line: int
) -> pl.DataFrame:
    """The invoice lines of a slice of facts, with line ids following ``first_line``."""
    count = int(allocation.sum())
    fact = np.repeat(np.arange(len(allocation)), allocation)
    position = np.arange(count) - (np.cumsum(allocation) - allocation)[fact]
    cents = np.round(facts["revenue"].to_numpy() * 100).astype(np.int64)
    # Give every line a cent first (when there are enough), then share out the rest at random.
    floor = (cents >= allocation).astype(np.int64)
    draw = rng.gamma(2.0, size=count)
    weight = draw / np.bincount(fact, weights=draw)[fact]
    line_cents = floor[fact] + _split(cents - floor * allocation, weight, fact, position)
    # Margin and quantity follow each line's share of the fact's revenue.
    share = line_cents / cents[fact]
    margin = _split(
        np.round(facts["margin"].to_numpy() * 100).astype(np.int64), share, fact, position
    )
    # Quantities are split in thousandths (the precision kept in the database): with many
    # lines per fact, an expensive item is invoiced in parts, as milestone billing does.
    milli = facts["quantity"].to_numpy().astype(np.int64) * 1000
    quantity = _split(milli, share, fact, position)
    periods = facts["period"].to_numpy().astype("datetime64[D]")
    days = np.array([calendar.monthrange(p.year, p.month)[1] for p in facts["period"]])
    offset = np.floor(rng.random(count) * days[fact]).astype("timedelta64[D]")
    keys = facts.select("customer_id", "product_line", "business_unit", "country")[fact]
    return pl.DataFrame(
        {
            "line_id": pl.Series(np.arange(first_line + 1, first_line + count + 1)),
            "customer_id": keys["customer_id"],
            "date": periods[fact] + offset,
            "product_line": keys["product_line"],
            "business_unit": keys["business_unit"],
            "country": keys["country"],
            "revenue": line_cents,
            "margin": margin,
            "quantity": quantity,
        }
    ).with_columns(
        pl.format("L{}", pl.col("line_id").cast(pl.String).str.zfill(9)).alias("line_id"),
        _decimal("revenue", 2),
        _decimal("margin", 2),
        _decimal("quantity", 3),
    )


def _decimal(column: str, places: int) -> pl.Expr:
    """Whole hundredths (or thousandths) as an exact decimal string: 123456 → "1234.56"."""
    scale = 10**places
    whole = pl.col(column) // scale
    fraction = (pl.col(column) % scale).cast(pl.String).str.zfill(places)
    return pl.format("{}.{}", whole, fraction).alias(column)
