"""Row checks on literal tables: duplicates, references, loops, and the per-distinct-value path."""

from __future__ import annotations

import polars as pl

from kamp.imports.mapping import Mapping, detect_columns
from kamp.imports.reading import read_table
from kamp.imports.validate import Checked, Options, References, check


def checked(csv: str, kind: str, refs: References | None = None, **options: bool) -> Checked:
    table = read_table(csv.encode(), file_name="f.csv", kind=kind, mapping=Mapping(kind=kind))
    mapping = Mapping(kind=kind, columns=detect_columns(kind, table.headers))
    return check(table, mapping, refs or References(), Options(**options))


def test_duplicate_keys_name_every_row_that_shares_them() -> None:
    result = checked("customer_id,name\nC1,a\nC2,b\nC1,c\n", "customers")
    assert result.errors.select("row", "message").rows() == [
        (2, "Duplicate: the same customer_id is on rows 2, 4."),
        (4, "Duplicate: the same customer_id is on rows 2, 4."),
    ]


def test_parents_may_be_in_the_file_or_in_the_database_but_not_in_a_loop() -> None:
    refs = References(customer_ids=frozenset({"G1"}), customer_parents={"G1": None})
    ok = checked("customer_id,name,parent_id\nC1,a,G1\nC2,b,C1\n", "customers", refs)
    assert ok.ok
    loop = checked("customer_id,name,parent_id\nC1,a,C2\nC2,b,C1\nC3,c,C1\n", "customers", refs)
    assert sorted(loop.errors.get_column("row").to_list()) == [2, 3]


def test_new_organisation_entries_are_listed_or_refused_when_strict() -> None:
    refs = References(customer_ids=frozenset({"C1"}), known={"product_line": frozenset({"pumps"})})
    data = "customer_id,date,revenue,product_line\nC1,2024-01-01,1,Pumps\nC1,2024-01-02,1,Valves\n"
    assert checked(data, "sales", refs).new_refs == {"product_line": ["Valves"]}
    strict = checked(data, "sales", refs, strict=True)
    assert strict.errors.select("row", "column").rows() == [(3, "product_line")]


def test_a_large_file_read_once_per_distinct_value_gives_the_same_answer() -> None:
    lines = [f"C{i % 7},2024-01-{1 + i % 28:02d},{i}.5,PL{i % 3}" for i in range(3_000)]
    lines[1234] = "C404,2024-01-01,1,PL1"
    data = "customer_id,date,revenue,product_line\n" + "\n".join(lines) + "\n"
    refs = References(customer_ids=frozenset(f"C{i}" for i in range(7)))
    result = checked(data, "sales", refs)
    assert set(result.codes) == {"customer_id", "product_line"}
    assert result.errors.select("row", "value").rows() == [(1236, "C404")]
    assert result.rows.get_column("customer_id").head(3).to_list() == ["C0", "C1", "C2"]
    assert (
        result.rows.get_column("revenue").sum()
        == sum(i * 100 + 50 for i in range(3_000)) - (1234 * 100 + 50) + 100
    )
    assert result.new_refs == {"product_line": ["PL0", "PL1", "PL2"]}
    assert isinstance(result.rows, pl.DataFrame)
