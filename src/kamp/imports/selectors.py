"""Reads of the imports app: the history, a file's preview, and the data behind exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from kamp.customers.models import Customer, SalesFact
from kamp.imports.models import ImportRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.imports.models import ImportRunQuerySet
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
            revenue=Sum("revenue"),
            margin=Sum("margin"),
            quantity=Sum("quantity"),
            lines=Sum("lines"),
        )
        .order_by("customer__source_id", "year", "product_line__code")
    )
    schema = {
        "customer_id": pl.String,
        "name": pl.String,
        "year": pl.Int64,
        "product_line": pl.String,
        "revenue": pl.Float64,
        "margin": pl.Float64,
        "quantity": pl.Float64,
        "lines": pl.Int64,
    }
    data = [(c, n, y, p, float(r), float(m), float(q), int(li)) for c, n, y, p, r, m, q, li in rows]
    return pl.DataFrame(data, schema=schema, orient="row")


EXPORTS = {"customers": customers_export, "sales": sales_summary_export}
