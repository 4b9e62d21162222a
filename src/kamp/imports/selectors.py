"""Reads of the imports app: the history, a file's preview, and the data behind exports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from kamp.core.money import MoneySum
from kamp.customers.models import Customer, SalesFact
from kamp.imports.mapping import MappingError, build_mapping, detect_columns
from kamp.imports.models import ImportRun, SavedMapping
from kamp.imports.reading import ROW, ReadError, read_table

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.imports.mapping import Mapping
    from kamp.imports.models import ImportRunQuerySet
    from kamp.imports.reading import Table
    from kamp.users.models import User

CUSTOMER_COLUMNS = {
    "source_id": "customer_id",
    "name": "name",
    "parent__source_id": "parent_id",
    "group__source_id": "group_id",
    "country__code": "country",
    "business_unit__code": "business_unit",
    "industry": "industry",
    "size": "size",
}


def import_history(*, actor: User | AnonymousUser, kind: str = "") -> ImportRunQuerySet:
    """Imports the actor may see, newest first, drafts left out."""
    runs = ImportRun.objects.visible_to(actor).exclude(status=ImportRun.Status.DRAFT)
    if kind:
        runs = runs.filter(kind=kind)
    return runs.select_related("created_by", "undone_by")


def recent_imports(limit: int) -> list[ImportRun]:
    """The latest ``limit`` imports of anyone, drafts left out (for the command line)."""
    runs = ImportRun.objects.exclude(status=ImportRun.Status.DRAFT).select_related("created_by")
    return list(runs[:limit])


def import_runs_matching(prefix: str) -> list[ImportRun]:
    """The runs whose public id starts with ``prefix`` (any case): one, or a clash to report."""
    return [r for r in ImportRun.objects.all() if str(r.public_id).startswith(prefix.lower())]


def _customers_for(actor: User | AnonymousUser | None) -> Any:
    return Customer.objects.all() if actor is None else Customer.objects.visible_to(actor)


def customers_export(*, actor: User | AnonymousUser | None) -> pl.DataFrame:
    """The customers the actor may see (all for the command line), one row each, by id."""
    rows = _customers_for(actor).order_by("source_id").values_list(*CUSTOMER_COLUMNS)
    schema = dict.fromkeys(CUSTOMER_COLUMNS.values(), pl.String)
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def sales_summary_export(*, actor: User | AnonymousUser | None) -> pl.DataFrame:
    """Revenue, margin, quantity and source lines by customer, year and product line."""
    facts = SalesFact.objects.filter(customer__in=_customers_for(actor))
    rows = (
        facts.annotate(year=ExtractYear("period"))
        .values_list("customer__source_id", "customer__name", "year", "product_line__code")
        .annotate(
            revenue=MoneySum("revenue"),
            margin=MoneySum("margin"),
            quantity=MoneySum("quantity", places=3),
            lines=Sum("lines"),
        )
        .order_by("customer__source_id", "year", "product_line__code")
    )
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "customer_id": pl.String,
        "name": pl.String,
        "year": pl.Int64,
        "product_line": pl.String,
        "revenue": pl.Decimal(18, 2),
        "margin": pl.Decimal(18, 2),
        "quantity": pl.Decimal(18, 3),
        "lines": pl.Int64,
    }
    return pl.DataFrame(list(rows), schema=schema, orient="row")


EXPORTS = {"customers": customers_export, "sales": sales_summary_export}


def run_mapping(run: ImportRun) -> Mapping:
    """The run's mapping as given (its columns may still be empty: detected when read)."""
    stored = dict(run.mapping)
    columns = stored.pop("columns", {})
    return build_mapping(run.kind, columns, stored)


def complete_mapping(kind: str, mapping: Mapping, headers: list[str]) -> Mapping:
    """The mapping's own columns, else a saved mapping for these headers, else detection."""
    if mapping.columns:
        return mapping
    saved = SavedMapping.objects.filter(kind=kind, headers_key=headers_key(headers)).first()
    if saved is not None:
        return mapping.with_columns({k: v for k, v in saved.columns.items() if v in headers})
    return mapping.with_columns(detect_columns(kind, headers))


def headers_key(headers: list[str]) -> str:
    """What identifies a source: the set of its headers."""
    return hashlib.sha256("\x1f".join(sorted(headers)).encode()).hexdigest()


PREVIEW_ROWS = 10


@dataclass(frozen=True)
class Preview:
    """The first rows of an uploaded file and the mapping kamp proposes for it."""

    mapping: Mapping
    table: Table | None = None
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    problem: str = ""

    @property
    def headers(self) -> list[str]:
        return self.table.headers if self.table else []


def import_preview(run: ImportRun) -> Preview:
    """Read a draft's file: its headers, first rows and proposed mapping, or why it cannot be."""
    try:
        mapping = run_mapping(run)
        data = Path(run.stored_file).read_bytes()
        table = read_table(data, file_name=run.file_name, kind=run.kind, mapping=mapping)
    except (ReadError, MappingError, OSError) as problem:
        return Preview(
            run_mapping(run) if not isinstance(problem, MappingError) else _empty(run),
            problem=str(problem),
        )
    mapping = complete_mapping(run.kind, mapping, table.headers)
    rows = table.frame.head(PREVIEW_ROWS).select(ROW, *table.headers).rows()
    return Preview(mapping, table, rows)


def _empty(run: ImportRun) -> Mapping:
    return build_mapping(run.kind, {}, {})
