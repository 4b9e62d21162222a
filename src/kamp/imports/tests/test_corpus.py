"""A corpus of broken inputs: each gets a clear message and leaves the database as it was.

Every case runs through the services on a database that already holds customers and sales, and
the whole customer base is compared before and after.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl
import pytest

from kamp.imports.models import ImportRun
from kamp.imports.tests.helpers import CUSTOMERS_CSV, database_state, run_import, xlsx

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    kind: str
    data: bytes
    message: str  # a part of the first problem's message
    name: str = ""
    row: int | None = None  # the row the first problem names, when it names one
    mapping: str = ""


def _text(value: str) -> bytes:
    return value.encode("utf-8")


_WORKBOOK = xlsx([["customer_id", "date", "revenue"], ["C1", "2024-01-01", 10]])
_PARQUET = io.BytesIO()
pl.DataFrame({"customer_id": ["C1"], "date": ["2024-01-01"]}).write_parquet(_PARQUET)

SALES_HEAD = "customer_id,date,revenue,line_id\n"

CORPUS: dict[str, Case] = {
    "empty file": Case("sales", b"", "empty"),
    "only blank lines": Case("sales", b"\n\n  \n", "empty"),
    "header only": Case("sales", _text(SALES_HEAD), "no data rows"),
    "binary garbage": Case("sales", bytes(range(256)) * 4, "binary data"),
    "wrong declared encoding": Case(
        "customers",
        "customer_id,name\nC9,Société Générale\n".encode("cp1252"),
        "not valid utf-8",
        mapping='kind = "customers"\nencoding = "utf-8"',
        row=2,
    ),
    "unclosed quote": Case("sales", _text(SALES_HEAD + 'C1,2024-01-01,"10,L1\n'), "quote", row=2),
    "more values than headers": Case(
        "sales", _text(SALES_HEAD + "C1,2024-01-01,10,L1,surplus\n"), "has 5 values", row=2
    ),
    "missing required column": Case("sales", _text("customer_id,date\nC1,2024-01-01\n"), "revenue"),
    "mapped column absent": Case(
        "sales",
        _text(SALES_HEAD + "C1,2024-01-01,10,L1\n"),
        "not in the file",
        mapping='kind = "sales"\n[columns]\ncustomer_id = "Client"\nrevenue = "revenue"',
    ),
    "empty required cell": Case("sales", _text(SALES_HEAD + "C1,,10,L1\n"), "Required", row=2),
    "duplicate customer ids": Case(
        "customers", _text("customer_id,name\nC7,One\nC8,Two\nC7,Three\n"), "rows 2, 4", row=2
    ),
    "duplicate line ids": Case(
        "sales",
        _text(SALES_HEAD + "C1,2024-01-01,10,L1\nC1,2024-01-02,10,L1\n"),
        "Duplicate",
        row=2,
    ),
    "unknown customer": Case(
        "sales", _text(SALES_HEAD + "C404,2024-01-01,10,L1\n"), "Unknown customer", row=2
    ),
    "unknown parent": Case(
        "customers", _text("customer_id,name,parent_id\nC9,Nine,C404\n"), "Unknown parent", row=2
    ),
    "parent loop": Case(
        "customers", _text("customer_id,name,parent_id\nC8,Eight,C9\nC9,Nine,C8\n"), "loop", row=2
    ),
    "impossible date": Case(
        "sales", _text(SALES_HEAD + "C1,31/02/2024,10,L1\n"), "Not a valid date", row=2
    ),
    "ambiguous dates": Case(
        "sales", _text(SALES_HEAD + "C1,03/04/2024,10,L1\nC1,05/06/2024,10,L2\n"), "date_format"
    ),
    "non-numeric amount": Case(
        "sales", _text(SALES_HEAD + "C1,2024-01-01,ten,L1\n"), "Not a number", row=2
    ),
    "formula as amount": Case(
        "sales", _text(SALES_HEAD + "C1,2024-01-01,=SUM(A1:A9),L1\n"), "Not a number", row=2
    ),
    "amount out of range": Case(
        "sales", _text(SALES_HEAD + "C1,2024-01-01,1e20,L1\n"), "too large", row=2
    ),
    "html in an id": Case(
        "customers",
        _text('customer_id,name\n"<script>alert(1)</script>",Evil\n'),
        "identifier",
        row=2,
    ),
    "formula as an id": Case(
        "customers", _text("customer_id,name\n=HYPERLINK(1),Evil\n"), "identifier", row=2
    ),
    "huge field": Case(
        "customers", _text("customer_id,name\nC9," + "x" * 2_000_000 + "\n"), "Too long", row=2
    ),
    "bad e-mail": Case(
        "contacts", _text("customer_id,name,email\nC1,Ana,ana(at)acme\n"), "e-mail", row=2
    ),
    "word as a wallet": Case(
        "wallet", _text("customer_id,wallet\nC1,lots\n"), "Not a number", row=2
    ),
    "negative wallet": Case("wallet", _text("customer_id,wallet\nC1,-5\n"), "negative", row=2),
    "unknown country": Case(
        "customers", _text("customer_id,name,country\nC9,Nine,Atlantis\n"), "Unknown country", row=2
    ),
    "truncated workbook": Case(
        "sales", _WORKBOOK[: len(_WORKBOOK) // 2], "cannot be opened", name="s.xlsx"
    ),
    "csv renamed xlsx": Case(
        "sales", _text(SALES_HEAD + "C1,2024-01-01,10,L1\n"), "rename it to .csv", name="s.xlsx"
    ),
    "xlsx renamed csv": Case("sales", _WORKBOOK, "rename it to .xlsx", name="s.csv"),
    "truncated parquet": Case(
        "sales", _PARQUET.getvalue()[:40], "cannot be read", name="s.parquet"
    ),
    "old excel format": Case("sales", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls", name="s.xls"),
    "mapping for another kind": Case(
        "sales", _text(SALES_HEAD), "not sales", mapping='kind = "customers"'
    ),
}


@pytest.fixture
def populated() -> dict[str, object]:
    run_import("customers", CUSTOMERS_CSV)
    run_import("sales", "customer_id,date,revenue\nC1,2024-01-05,100\n")
    return database_state()


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_broken_input_is_explained_and_changes_nothing(
    case: Case, populated: dict[str, object]
) -> None:
    try:
        run = run_import(
            case.kind, case.data, name=case.name or f"{case.kind}.csv", mapping=case.mapping
        )
    except Exception as error:  # a mapping file refused before the run exists
        assert case.message in str(error)
        assert database_state() == populated
        return
    assert run.status == ImportRun.Status.REJECTED, run.summary()
    first = run.errors[0]
    assert case.message.lower() in first["message"].lower(), first
    if case.row is not None:
        assert first["row"] == case.row, first
    assert database_state() == populated


def test_the_corpus_has_at_least_twenty_kinds_of_broken_input() -> None:
    assert len(CORPUS) >= 20
