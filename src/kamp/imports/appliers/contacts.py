"""Contacts: create or update by ``contact_id`` (or, without one, by customer and name).

``reports_to`` names another contact's id, in the file or already in kamp; the manager must work
in the same customer group, which only the database can tell, so a violation rejects the import
with the rows concerned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.customers.models import Contact, Customer
from kamp.imports.appliers import Outcome, Rejected
from kamp.imports.appliers.common import CHUNK, customer_keys, log_changes

if TYPE_CHECKING:
    from kamp.imports.appliers import Progress
    from kamp.imports.models import ImportRun
    from kamp.imports.validate import Checked, Options

TEXT_FIELDS = ("title", "email", "phone")


def apply(run: ImportRun, checked: Checked, options: Options, progress: Progress) -> Outcome:
    """Write the contacts, then their reporting lines."""
    rows = checked.rows.to_dicts()
    columns = set(checked.rows.columns)
    customers = customer_keys({r["customer_id"] for r in rows})
    existing = _existing(customers.values(), [r.get("contact_id") for r in rows])
    matched = [_match(row, customers, existing) for row in rows]
    desired = [_desired(row, columns, customers) for row in rows]
    new_rows = [i for i, pk in enumerate(matched) if pk is None]
    made = Contact.objects.bulk_create([Contact(**desired[i]) for i in new_rows], batch_size=CHUNK)
    for i, contact in zip(new_rows, made, strict=True):
        matched[i] = contact.pk
    keys = [pk or 0 for pk in matched]
    changed = _update(desired, keys, existing["by_pk"])
    if "reports_to" in columns:
        for pk, before in _link_managers(rows, keys, existing["by_pk"]).items():
            changed.setdefault(pk, {}).update(before)
    progress("writing", len(rows), len(rows))
    log_changes(run, "contact", [(keys[i], None) for i in new_rows])
    log_changes(run, "contact", changed.items())
    return Outcome(
        created=len(new_rows),
        updated=len(changed),
        unchanged=len(rows) - len(new_rows) - len(changed),
        rows_imported=len(rows),
    )


def _existing(customer_pks: Any, contact_ids: list[str | None]) -> dict[str, Any]:
    """Stored contacts of these customers or with these ids: by id, by (customer, name), by key."""
    by_id: dict[str, dict[str, Any]] = {}
    by_name: dict[tuple[int, str], dict[str, Any]] = {}
    by_pk: dict[int, dict[str, Any]] = {}
    fields = ("pk", "source_id", "customer_id", "name", *TEXT_FIELDS, "reports_to_id")
    ids = [c for c in contact_ids if c]
    queries = [Contact.objects.filter(customer_id__in=list(customer_pks))]
    queries += [
        Contact.objects.filter(source_id__in=ids[i : i + 500]) for i in range(0, len(ids), 500)
    ]
    for query in queries:
        for row in query.values(*fields):
            if row["source_id"]:
                by_id[row["source_id"]] = row
            by_name.setdefault((row["customer_id"], row["name"]), row)
            by_pk[row["pk"]] = row
    return {"by_id": by_id, "by_name": by_name, "by_pk": by_pk}


def _match(row: dict[str, Any], customers: dict[str, int], existing: dict[str, Any]) -> int | None:
    if row.get("contact_id"):
        found = existing["by_id"].get(row["contact_id"])
    else:
        found = existing["by_name"].get((customers[row["customer_id"]], row["name"]))
    return found["pk"] if found else None


def _desired(row: dict[str, Any], columns: set[str], customers: dict[str, int]) -> dict[str, Any]:
    values: dict[str, Any] = {"customer_id": customers[row["customer_id"]], "name": row["name"]}
    if row.get("contact_id"):
        values["source_id"] = row["contact_id"]
    for name in TEXT_FIELDS:
        if name in columns:
            values[name] = row[name] or ""
    return values


def _update(
    desired: list[dict[str, Any]], keys: list[int], stored: dict[int, dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """Write changed fields of contacts that existed; return their old values by key."""
    changed: dict[int, dict[str, Any]] = {}
    now = timezone.now()
    by_fields: dict[tuple[str, ...], list[Contact]] = {}
    for values, pk in zip(desired, keys, strict=True):
        old = stored.get(pk)
        if old is None:
            continue
        before = {k: old.get(k) for k, v in values.items() if old.get(k) != v}
        if before:
            changed[pk] = before
            fields = tuple(sorted(before))
            update = {f: values[f] for f in fields}
            by_fields.setdefault(fields, []).append(Contact(pk=pk, updated_at=now, **update))
    for fields, objects in by_fields.items():
        names = [f.removesuffix("_id") for f in fields]
        Contact.objects.bulk_update(objects, [*names, "updated_at"], batch_size=CHUNK)
    return changed


def _link_managers(
    rows: list[dict[str, Any]], keys: list[int], stored: dict[int, dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """Set ``reports_to``; refuse a manager outside the contact's customer group."""
    ids = [r["reports_to"] for r in rows if r.get("reports_to")]
    managers: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = Contact.objects.filter(source_id__in=ids[start : start + 500])
        managers.update(chunk.values_list("source_id", "pk"))
    heads = _heads(keys + list(managers.values()))
    errors: list[dict[str, object]] = []
    changed: dict[int, dict[str, Any]] = {}
    moved: list[Contact] = []
    for row, pk in zip(rows, keys, strict=True):
        manager = managers.get(row.get("reports_to") or "")
        if manager is not None and heads[manager] != heads[pk]:
            errors.append(_outside_group(row))
            continue
        old = stored.get(pk)
        if old is not None and old["reports_to_id"] != manager:
            changed[pk] = {"reports_to_id": old["reports_to_id"]}
        if old is None and manager is None:
            continue
        if old is None or old["reports_to_id"] != manager:
            moved.append(Contact(pk=pk, reports_to_id=manager))
    if errors:
        raise Rejected(errors)
    Contact.objects.bulk_update(moved, ["reports_to"], batch_size=CHUNK)
    return changed


def _heads(contact_pks: list[int]) -> dict[int, int]:
    """Each contact's customer group head."""
    pairs = Contact.objects.filter(pk__in=contact_pks).values_list("pk", "customer_id")
    customer_of = dict(pairs)
    groups = dict(
        Customer.objects.filter(pk__in=set(customer_of.values())).values_list("pk", "group_id")
    )
    return {pk: groups[c] or c for pk, c in customer_of.items()}


def _outside_group(row: dict[str, Any]) -> dict[str, object]:
    return {
        "row": row["_row"],
        "column": "reports_to",
        "value": row["reports_to"],
        "message": _("The manager works outside this contact's customer group."),
    }
