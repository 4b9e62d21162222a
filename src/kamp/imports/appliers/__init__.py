"""Write checked rows to the database, one module per kind; the only ORM code of the pipeline.

Every applier takes the run, the :class:`~kamp.imports.validate.Checked` rows and a progress
callback, runs inside the service's transaction, and returns an :class:`Outcome`. An applier
that finds a problem only the database can reveal raises :class:`Rejected` with the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

    from kamp.imports.models import ImportRun
    from kamp.imports.validate import Checked, Options

#: ``progress(stage, done, total)``
type Progress = Callable[[str, int, int], None]


@dataclass
class Outcome:
    """What an applier did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows_imported: int = 0
    revenue_total: Decimal | None = None
    new_refs: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""


class Rejected(Exception):  # noqa: N818 (a result, not a bug)
    """Rows the database shows to be wrong; nothing is written."""

    def __init__(self, errors: list[dict[str, object]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


type Applier = Callable[["ImportRun", "Checked", "Options", Progress], Outcome]


def applier_for(kind: str) -> Applier:
    """The applier of ``kind``."""
    from kamp.imports.appliers import contacts, customers, sales, wallet

    appliers: dict[str, Applier] = {
        "customers": customers.apply,
        "contacts": contacts.apply,
        "sales": sales.apply,
        "wallet": wallet.apply,
    }
    return appliers[kind]
