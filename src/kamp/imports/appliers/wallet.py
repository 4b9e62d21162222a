"""Wallet estimates: one per customer, year and product line, created or updated in place."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kamp.customers.models import Customer, WalletEstimate
from kamp.imports.appliers import Outcome
from kamp.imports.appliers.common import CHUNK, create_refs, customer_keys, log_changes, ref_keys

if TYPE_CHECKING:
    from kamp.imports.appliers import Progress
    from kamp.imports.models import ImportRun
    from kamp.imports.validate import Checked, Options

type Key = tuple[int, int | None, int | None]


def apply(run: ImportRun, checked: Checked, options: Options, progress: Progress) -> Outcome:
    """Create missing estimates and update the ones whose amount changed."""
    outcome = Outcome(new_refs=create_refs(checked.new_refs))
    if checked.new_customers:
        Customer.objects.bulk_create([Customer(source_id=s, name=s) for s in checked.new_customers])
        made = customer_keys(checked.new_customers)
        log_changes(run, "customer", ((pk, None) for pk in made.values()))
        outcome.new_refs["customer"] = checked.new_customers
    rows = checked.rows.to_dicts()
    wanted = _wanted(rows)
    stored = _stored({key[0] for key in wanted})
    new = [key for key in wanted if key not in stored]
    created = WalletEstimate.objects.bulk_create(
        [_estimate(key, wanted[key]) for key in new], batch_size=CHUNK
    )
    changed = {
        key: stored[key] for key in wanted if key in stored and stored[key][1] != wanted[key]
    }
    for key, (pk, _amount) in changed.items():
        WalletEstimate.objects.filter(pk=pk).update(amount=wanted[key])
    progress("writing", len(rows), len(rows))
    log_changes(run, "wallet", [(e.pk, None) for e in created])
    log_changes(run, "wallet", [(pk, {"amount": str(old)}) for pk, old in changed.values()])
    outcome.created, outcome.updated = len(new), len(changed)
    outcome.unchanged = len(wanted) - len(new) - len(changed)
    outcome.rows_imported = len(rows)
    return outcome


def _wanted(rows: list[dict[str, Any]]) -> dict[Key, Decimal]:
    customers = customer_keys({r["customer_id"] for r in rows})
    lines = ref_keys("product_line")
    return {
        (
            customers[r["customer_id"]],
            r.get("year"),
            lines.get((r.get("product_line") or "").lower()),
        ): Decimal(r["wallet"]).scaleb(-2)
        for r in rows
    }


def _stored(customer_pks: set[int]) -> dict[Key, tuple[int, Decimal]]:
    rows = WalletEstimate.objects.filter(customer_id__in=customer_pks).values_list(
        "pk", "customer_id", "year", "product_line_id", "amount"
    )
    return {(c, y, p): (pk, amount) for pk, c, y, p, amount in rows}


def _estimate(key: Key, amount: Decimal) -> WalletEstimate:
    customer, year, line = key
    return WalletEstimate(customer_id=customer, year=year, product_line_id=line, amount=amount)
