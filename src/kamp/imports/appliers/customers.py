"""Customers: create or update by ``customer_id``, place them in their groups, keep extras.

Only the fields the file maps are compared and written, so a file without an ``industry``
column leaves industries alone; an empty cell in a mapped column clears the field. Columns that
map to no field are kept in ``attributes`` (merged with what is there). Rows equal to what is
stored count as unchanged and are not written, which makes a second import of a file a no-op.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from kamp.customers.models import Customer
from kamp.imports.appliers import Outcome
from kamp.imports.appliers.common import CHUNK, create_refs, customer_keys, log_changes, ref_keys
from kamp.imports.validate import ATTRIBUTE_PREFIX

if TYPE_CHECKING:
    from kamp.imports.appliers import Progress
    from kamp.imports.models import ImportRun
    from kamp.imports.validate import Checked, Options

#: Stored fields a customers file can set, and the model attribute each one is kept in.
STORED = ("name", "country_id", "business_unit_id", "industry", "size", "attributes", "parent_id")


def apply(run: ImportRun, checked: Checked, options: Options, progress: Progress) -> Outcome:
    """Create new customers, update changed ones, then fix group heads."""
    outcome = Outcome(new_refs=create_refs(checked.new_refs))
    rows = checked.rows.to_dicts()
    desired = _desired(rows, set(checked.rows.columns))
    existing = _existing([r["customer_id"] for r in rows])
    new = [sid for sid in desired if sid not in existing]
    Customer.objects.bulk_create(
        [Customer(source_id=sid, **_without_parent(desired[sid])) for sid in new],
        batch_size=CHUNK,
    )
    keys = customer_keys()
    for values in desired.values():
        if "parent_id" in values:
            values["parent_id"] = keys.get(values.pop("parent_id") or "", None)
    changed = _changes(desired, existing)
    _write(changed, desired, keys, new)
    progress("writing", len(rows), len(rows))
    regroup()
    log_changes(run, "customer", [(keys[sid], None) for sid in new])
    log_changes(run, "customer", [(existing[sid]["pk"], before) for sid, before in changed.items()])
    outcome.created, outcome.updated = len(new), len(changed)
    outcome.unchanged = len(desired) - len(new) - len(changed)
    outcome.rows_imported = len(rows)
    return outcome


def _desired(rows: list[dict[str, Any]], columns: set[str]) -> dict[str, dict[str, Any]]:
    """Each row as the stored values it asks for (only for the columns the file has)."""
    countries = ref_keys("country") if "country" in columns else {}
    units = ref_keys("business_unit") if "business_unit" in columns else {}
    extras = [c for c in columns if c.startswith(ATTRIBUTE_PREFIX)]
    result: dict[str, dict[str, Any]] = {}
    for row in rows:
        values: dict[str, Any] = {"name": row["name"]}
        if "country" in columns:
            values["country_id"] = countries.get(row["country"] or "")
        if "business_unit" in columns:
            values["business_unit_id"] = units.get((row["business_unit"] or "").lower())
        for text in ("industry", "size"):
            if text in columns:
                values[text] = row[text] or ""
        if extras:
            values["attributes"] = {
                c.removeprefix(ATTRIBUTE_PREFIX): row[c] for c in extras if row[c] is not None
            }
        if "parent_id" in columns:
            values["parent_id"] = row["parent_id"]
        result[row["customer_id"]] = values
    return result


def _without_parent(values: dict[str, Any]) -> dict[str, Any]:
    """Fields for creating a customer; parents are set once every new customer has a key."""
    return {k: v for k, v in values.items() if k != "parent_id"}


def _existing(source_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Stored values of the customers the file names."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(source_ids), 500):
        chunk = source_ids[start : start + 500]
        for row in Customer.objects.filter(source_id__in=chunk).values("pk", "source_id", *STORED):
            found[row["source_id"]] = row
    return found


def _changes(
    desired: dict[str, dict[str, Any]], existing: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """For each existing customer the file changes: the old values of the changed fields."""
    changed: dict[str, dict[str, Any]] = {}
    for sid, values in desired.items():
        stored = existing.get(sid)
        if stored is None:
            continue
        if "attributes" in values:
            values["attributes"] = {**stored["attributes"], **values["attributes"]}
        before = {k: stored[k] for k, v in values.items() if stored[k] != v}
        if before:
            changed[sid] = before
    return changed


def _write(
    changed: dict[str, dict[str, Any]],
    desired: dict[str, dict[str, Any]],
    keys: dict[str, int],
    new: list[str],
) -> None:
    """Update changed customers, and set the parents of new ones."""
    now = timezone.now()
    targets = list(changed) + [sid for sid in new if desired[sid].get("parent_id")]
    by_fields: dict[tuple[str, ...], list[Customer]] = {}
    for sid in targets:
        fields = tuple(sorted(changed.get(sid, {"parent_id": None})))
        values = {f: desired[sid][f] for f in fields}
        by_fields.setdefault(fields, []).append(Customer(pk=keys[sid], updated_at=now, **values))
    for fields, objects in by_fields.items():
        names = [f.removesuffix("_id") for f in fields]
        Customer.objects.bulk_update(objects, [*names, "updated_at"], batch_size=CHUNK)


def regroup() -> int:
    """Point every customer at the head of its group (``None`` for heads); return how many moved.

    Walks the parent links in memory: two queries and one update per batch, however deep the
    hierarchy. The importer has already refused loops.
    """
    parents = dict(Customer.objects.values_list("pk", "parent_id"))
    groups = dict(Customer.objects.values_list("pk", "group_id"))
    heads: dict[int, int] = {}

    def head(pk: int) -> int:
        path = []
        while pk not in heads and parents.get(pk) is not None:
            path.append(pk)
            pk = parents[pk]
        top = heads.get(pk, pk)
        for step in path:
            heads[step] = top
        heads[pk] = top
        return top

    moved = []
    for pk in parents:
        top = head(pk)
        group = None if top == pk else top
        if groups[pk] != group:
            moved.append(Customer(pk=pk, group_id=group))
    Customer.objects.bulk_update(moved, ["group"], batch_size=CHUNK)
    return len(moved)
