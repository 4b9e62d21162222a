"""Sales lines: aggregate to monthly facts with Polars, then write them in large INSERTs.

Invoice lines become one ``SalesFact`` per customer × month × product line × business unit ×
country (decision 0002), each tagged with the run's public id (decision 0004). Money is summed
in whole cents, so totals are exact.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl
from django.db import connection

from kamp.customers.models import Customer, SalesFact
from kamp.imports.appliers import Outcome
from kamp.imports.appliers.common import (
    create_refs,
    customer_keys,
    insert_rows,
    log_changes,
    ref_keys,
)

if TYPE_CHECKING:
    from kamp.imports.appliers import Progress
    from kamp.imports.models import ImportRun
    from kamp.imports.validate import Checked, Options

KEYS = ("customer_id", "product_line", "business_unit", "country")
COLUMNS = (
    "customer",
    "period",
    "product_line",
    "business_unit",
    "country",
    "revenue",
    "margin",
    "quantity",
    "lines",
    "import_batch",
)


def monthly_facts(rows: pl.DataFrame, codes: dict[str, pl.DataFrame] | None = None) -> pl.DataFrame:
    """Invoice lines summed by customer, month, product line, unit and country.

    Keys with a code table (see :class:`~kamp.imports.validate.Checked`) are grouped by their
    integer code and turned back into values afterwards, on the far fewer facts.
    """
    codes = codes or {}
    present = set(rows.columns)
    keys = [
        pl.col(f"__c_{k}")
        if k in codes
        else pl.col(k)
        if k in present
        else pl.lit(None, dtype=pl.String).alias(k)
        for k in KEYS
    ]
    amounts = [
        (pl.col(c).sum() if c in present else pl.lit(0, dtype=pl.Int64)).alias(c)
        for c in ("revenue", "margin", "quantity")
    ]
    # Lazy: Polars plans the group-by as a whole, about three times faster than eagerly.
    month = pl.col("date").dt.truncate("1mo").alias("period")
    facts = rows.lazy().group_by(*keys, month).agg(*amounts, pl.len().alias("lines"))
    for key, table in codes.items():
        if key in KEYS:
            facts = facts.join(table.lazy(), on=f"__c_{key}", how="left").drop(f"__c_{key}")
    return facts.collect()


def apply(run: ImportRun, checked: Checked, options: Options, progress: Progress) -> Outcome:
    """Create missing customers and organisation entries, then write the facts."""
    created_customers = _create_customers(run, checked.new_customers)
    new_refs = create_refs(checked.new_refs)
    if created_customers:
        new_refs["customer"] = created_customers
    facts = _with_keys(monthly_facts(checked.rows, checked.codes))
    columns = _database_rows(facts, run)
    total = facts.height
    progress("writing", 0, total)
    step = 20_000
    for start in range(0, total, step):
        insert_rows(SalesFact, COLUMNS, [c[start : start + step] for c in columns])
        progress("writing", min(start + step, total), total)
    cents = int(facts.get_column("revenue").sum() or 0)
    return Outcome(
        created=total,
        rows_imported=checked.rows.height,
        revenue_total=Decimal(cents).scaleb(-2),
        new_refs=new_refs,
    )


def _create_customers(run: ImportRun, source_ids: list[str]) -> list[str]:
    """Customers named by sales lines but not yet known (when the user asked for it)."""
    if not source_ids:
        return []
    Customer.objects.bulk_create(
        [Customer(source_id=s, name=s) for s in source_ids], batch_size=2_000
    )
    log_changes(run, "customer", ((pk, None) for pk in customer_keys(source_ids).values()))
    return source_ids


def _with_keys(facts: pl.DataFrame) -> pl.DataFrame:
    """Replace ids, codes and names by primary keys, and add up rows that now coincide."""
    customers = customer_keys(facts.get_column("customer_id").unique().to_list())
    mapped = [pl.col("customer_id").replace_strict(customers, return_dtype=pl.Int64)]
    for field in KEYS[1:]:
        keys = ref_keys(field)
        lookup = pl.col(field) if field == "country" else pl.col(field).str.to_lowercase()
        mapped.append(lookup.replace_strict(keys, default=None, return_dtype=pl.Int64).alias(field))
    summed = (
        facts.with_columns(mapped)
        .group_by(*KEYS, "period")
        .agg(pl.col("revenue", "margin", "quantity", "lines").sum())
    )
    return summed.sort("customer_id", "period")


def _database_rows(facts: pl.DataFrame, run: ImportRun) -> list[list[object]]:
    """Columns in :data:`COLUMNS` order, holding values in the form the database takes them."""
    prepared = SalesFact._meta.get_field("import_batch").get_db_prep_value(
        run.public_id, connection
    )
    batch = str(prepared)  # hex on SQLite; a UUID's text, which PostgreSQL casts, elsewhere
    frame = facts.select(
        "customer_id",
        pl.col("period").dt.strftime("%Y-%m-%d"),
        "product_line",
        "business_unit",
        "country",
        # Exact decimal text: every backend stores it without losing a cent.
        _decimal_text("revenue", 2),
        _decimal_text("margin", 2),
        _decimal_text("quantity", 3),
        "lines",
    )
    return [*(series.to_list() for series in frame.iter_columns()), [batch] * frame.height]


def _decimal_text(column: str, places: int) -> pl.Expr:
    """Whole hundredths (or thousandths) as exact decimal text: -325 → "-3.25"."""
    scale = 10**places
    size = pl.col(column).abs()
    sign = pl.when(pl.col(column) < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    fraction = (size % scale).cast(pl.String).str.zfill(places)
    return pl.format("{}{}.{}", sign, size // scale, fraction).alias(column)
