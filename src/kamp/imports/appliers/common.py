"""What the appliers share: organisation look-ups (creating what is missing), the change log,
and a fast multi-row INSERT for large tables."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db import connection

from kamp.customers.models import Customer
from kamp.imports.countries import COUNTRIES
from kamp.imports.models import ImportChange
from kamp.imports.references import code_aliases, industry_aliases
from kamp.organisation.models import BusinessUnit, Country, ProductLine
from kamp.organisation.services import business_unit_create, country_create, product_line_create

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django.db.models import Model

    from kamp.imports.models import ImportRun

CHUNK = 2_000
#: Rows per INSERT statement: SQLite accepts 32,766 parameters per statement.
INSERT_ROWS = 1_000


def ref_keys(field: str) -> dict[str, int]:
    """Lower-case codes and names of product lines or business units (or ISO codes) → key."""
    if field == "country":
        return dict(Country.objects.values_list("code", "pk"))
    model: type[ProductLine] | type[BusinessUnit] = (
        ProductLine if field == "product_line" else BusinessUnit
    )
    keys: dict[str, int] = {}
    for code, name, pk in model.objects.values_list("code", "name", "pk"):
        keys.setdefault(name.lower(), pk)
        keys[code.lower()] = pk
    return keys


def known_refs() -> dict[str, frozenset[str]]:
    """What :class:`~kamp.imports.validate.References` needs to tell new entries from known."""
    known = {
        field: frozenset(ref_keys(field)) for field in ("product_line", "business_unit", "country")
    }
    known["industry"] = frozenset(_industries())
    return known


def ref_aliases() -> dict[str, dict[str, str]]:
    """Product lines, business units and industries by any name (see ``imports.references``)."""
    return {
        "product_line": code_aliases(ProductLine.objects.values_list("code", "name")),
        "business_unit": code_aliases(BusinessUnit.objects.values_list("code", "name")),
        "industry": industry_aliases(_industries()),
    }


def _industries() -> list[str]:
    rows = Customer.objects.exclude(industry="").values_list("industry", flat=True).distinct()
    return list(rows.order_by())


def create_refs(new_refs: dict[str, list[str]]) -> dict[str, list[str]]:
    """Create the product lines, business units and countries a file names but kamp lacks.

    Made by the system (``actor=None``): the import's own audit event says who imported. Returns
    what was created, by field, for the report.
    """
    created: dict[str, list[str]] = {}
    for field, names in new_refs.items():
        keys = ref_keys(field)
        made = [name for name in names if name.lower() not in keys and _create_ref(field, name)]
        if made:
            created[field] = made
    return created


def _create_ref(field: str, name: str) -> bool:
    if field == "country":
        country_create(actor=None, code=name, name=COUNTRIES.get(name, (name,))[0])
    elif field == "product_line":
        product_line_create(actor=None, code=_free_code(ProductLine, name), name=name[:100])
    else:
        business_unit_create(actor=None, code=_free_code(BusinessUnit, name), name=name[:100])
    return True


def _free_code(model: type[ProductLine] | type[BusinessUnit], name: str) -> str:
    """A code for a new entry: the name itself when it looks like a code, else a short slug."""
    base = name.strip() if re.fullmatch(r"[\w.-]{1,32}", name.strip()) else ""
    base = base or re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")[:28] or "NEW"
    code, n = base, 1
    while model.objects.filter(code__iexact=code).exists():
        n += 1
        code = f"{base[:28]}-{n}"
    return code


def customer_keys(source_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Customer ids (``source_id``) → primary key, for the given ids or for all customers."""
    if source_ids is None:
        return dict(Customer.objects.values_list("source_id", "pk"))
    wanted = list(source_ids)
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(Customer.objects.filter(source_id__in=chunk).values_list("source_id", "pk"))
    return found


def log_changes(
    run: ImportRun, model: str, changes: Iterable[tuple[int, dict[str, Any] | None]]
) -> None:
    """Record what ``run`` did to rows of ``model``: ``(pk, None)`` created, ``(pk, before)``."""
    ImportChange.objects.bulk_create(
        (ImportChange(run=run, model=model, object_id=pk, before=before) for pk, before in changes),
        batch_size=CHUNK,
    )


def insert_rows(model: type[Model], names: Sequence[str], columns: Sequence[list[Any]]) -> None:
    """INSERT rows, given as ``columns`` of values ready for the database, into ``model``'s table.

    Bypasses model instances for tables written by the hundred thousand (sales facts):
    ``executemany`` of one prepared INSERT is several times faster than ``bulk_create`` (sqlite3
    loops in C; psycopg pipelines). The same SQL runs on every backend: the backend's own cursor
    (``create_cursor``) takes ``%s`` placeholders everywhere and sits below Django's debug
    logging, so debug mode does not keep megabytes of SQL in memory.
    """
    quote = connection.ops.quote_name
    fields = ", ".join(quote(_column(model, c)) for c in names)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({fields}) VALUES ({placeholders})"
    connection.ensure_connection()
    cursor = connection.create_cursor()
    try:
        cursor.executemany(sql, zip(*columns, strict=True))
    finally:
        cursor.close()


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{name} is not a column of {model.__name__}")
    return column
