"""The whole pipeline through the services: each kind, idempotence, dry run, undo, options."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from kamp.core.models import AuditEvent
from kamp.customers.demo import write_source_files
from kamp.customers.models import Contact, Customer, SalesFact, WalletEstimate
from kamp.customers.selectors import sales_totals
from kamp.imports.models import ImportRun
from kamp.imports.services import import_run_undo
from kamp.imports.tests.helpers import CUSTOMERS_CSV, database_state, run_import, xlsx
from kamp.organisation.models import Country, ProductLine

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Cast

pytestmark = pytest.mark.django_db
Status = ImportRun.Status


def test_it_imports_customers_into_their_groups_with_extras_as_attributes(cast: Cast) -> None:
    run = run_import("customers", CUSTOMERS_CSV, actor=cast.director)
    assert run.status == Status.IMPORTED, run.errors
    assert (run.rows_read, run.created, run.updated, run.unchanged) == (4, 4, 0, 0)
    iberia = Customer.objects.get(source_id="C2")
    assert iberia.parent is not None and iberia.parent.source_id == "C1"
    assert iberia.group == iberia.parent
    assert iberia.country is not None and iberia.country.code == "ES"
    assert iberia.size == "large"
    assert iberia.attributes == {"Region": "South"}
    assert sorted(run.new_refs["country"]) == ["ES", "FR"]
    assert AuditEvent.objects.filter(action="import.customers", actor=cast.director).exists()


def test_importing_the_same_customers_again_changes_nothing_and_says_so() -> None:
    run_import("customers", CUSTOMERS_CSV)
    before = database_state()
    again = run_import("customers", CUSTOMERS_CSV)
    assert again.status == Status.UNCHANGED
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert "nothing was changed" in again.message
    assert database_state() == before


def test_a_changed_file_updates_only_what_changed_and_moves_groups() -> None:
    run_import("customers", CUSTOMERS_CSV)
    changed = CUSTOMERS_CSV.replace("C3,Acme France,C1", "C3,Acme France SAS,C4")
    run = run_import("customers", changed)
    assert (run.created, run.updated, run.unchanged) == (0, 1, 3)
    france = Customer.objects.get(source_id="C3")
    assert france.name == "Acme France SAS"
    assert france.group is not None and france.group.source_id == "C4"


def test_undo_restores_updated_customers_and_removes_created_ones() -> None:
    first = run_import("customers", CUSTOMERS_CSV)
    before = database_state()
    second = run_import(
        "customers", CUSTOMERS_CSV.replace("Brico SA", "Brico") + "C5,New Co,C4,DE,,,\n"
    )
    assert (second.created, second.updated) == (1, 1)
    with pytest.raises(ValidationError, match="later"):
        import_run_undo(actor=None, run=first)
    import_run_undo(actor=None, run=second)
    state = database_state()
    assert state["customers"] == before["customers"]
    assert ImportRun.objects.get(pk=second.pk).status == Status.UNDONE


SALES = """customer_id,date,revenue,margin,quantity,product_line,business_unit,country,line_id
C1,2024-01-05,100.10,30,2,Pumps,IND,ES,L1
C1,2024-01-20,-20.00,-5,-1,Pumps,IND,ES,L2
C2,2024-01-20,50,10,1,Valves,IND,Spain,L3
C2,2024-02-03,50,10,1,Valves,IND,ES,L4
"""


def test_it_aggregates_sales_lines_to_monthly_facts_in_exact_cents() -> None:
    run_import("customers", CUSTOMERS_CSV)
    run = run_import("sales", SALES)
    assert run.status == Status.IMPORTED, run.errors
    assert run.summary()["revenue_total"] == 180.10
    facts = SalesFact.objects.order_by("customer__source_id", "period")
    assert [(f.customer.source_id, f.period, f.revenue, f.lines) for f in facts] == [
        ("C1", dt.date(2024, 1, 1), Decimal("80.10"), 2),
        ("C2", dt.date(2024, 1, 1), Decimal("50.00"), 1),
        ("C2", dt.date(2024, 2, 1), Decimal("50.00"), 1),
    ]
    assert set(facts.values_list("import_batch", flat=True)) == {run.public_id}
    assert sorted(run.new_refs["product_line"]) == ["Pumps", "Valves"]


def test_the_same_sales_file_twice_is_recognised_by_its_hash() -> None:
    run_import("customers", CUSTOMERS_CSV)
    first = run_import("sales", SALES)
    second = run_import("sales", SALES)
    assert second.status == Status.UNCHANGED
    assert second.summary()["rows_imported"] == 0
    assert second.unchanged == 4
    assert "already imported" in second.message
    assert SalesFact.objects.count() == 3
    import_run_undo(actor=None, run=first)
    assert SalesFact.objects.count() == 0
    third = run_import("sales", SALES)
    assert third.status == Status.IMPORTED


def test_repeat_purchases_without_line_ids_are_all_kept() -> None:
    run_import("customers", CUSTOMERS_CSV)
    run = run_import("sales", "customer_id,date,revenue\nC1,2024-01-05,10\nC1,2024-01-05,10\n")
    assert run.status == Status.IMPORTED
    assert SalesFact.objects.get().revenue == Decimal("20.00")


def test_a_dry_run_counts_exactly_and_writes_nothing() -> None:
    run_import("customers", CUSTOMERS_CSV)
    before = database_state()
    run = run_import("sales", SALES, dry_run=True)
    assert run.status == Status.CHECKED
    assert run.created == 3
    assert run.rows_imported == 0
    assert database_state() == before


def test_strict_refuses_new_product_lines_and_the_default_creates_them() -> None:
    run_import("customers", CUSTOMERS_CSV)
    run = run_import("sales", SALES, strict=True)
    assert run.status == Status.REJECTED
    assert {e["column"] for e in run.errors} == {"product_line", "business_unit"}
    assert not ProductLine.objects.exists()


def test_unknown_customers_are_errors_unless_the_user_asks_to_create_them() -> None:
    refused = run_import("sales", SALES)
    assert refused.status == Status.REJECTED
    assert {e["message"] for e in refused.errors} == {"Unknown customer: import it first."}
    run = run_import("sales", SALES, create_customers=True)
    assert run.status == Status.IMPORTED
    assert sorted(run.new_refs["customer"]) == ["C1", "C2"]
    import_run_undo(actor=None, run=run)
    assert not Customer.objects.exists()


def test_skip_invalid_imports_the_good_rows_and_reports_the_rest() -> None:
    run_import("customers", CUSTOMERS_CSV)
    run = run_import(
        "sales", SALES + "C9,2024-01-01,5,,,,,,L5\nC1,someday,5,,,,,,L6\n", skip_invalid=True
    )
    assert run.status == Status.IMPORTED
    assert run.rows_imported == 4
    assert [e["row"] for e in run.errors] == [6, 7]


def test_contacts_link_to_their_managers_in_the_same_group() -> None:
    run_import("customers", CUSTOMERS_CSV)
    contacts = """contact_id,customer_id,name,title,email,phone,reports_to
P1,C1,Ana García,CEO,ana@acme.example,,
P2,C2,Luis Pérez,Buyer,luis@acme.example,+34 600 000 000,P1
"""
    run = run_import("contacts", contacts)
    assert run.status == Status.IMPORTED, run.errors
    luis = Contact.objects.get(source_id="P2")
    assert luis.reports_to is not None and luis.reports_to.name == "Ana García"
    outside = contacts.replace("P2,C2", "P2,C4")
    refused = run_import("contacts", outside)
    assert refused.status == Status.REJECTED
    assert refused.errors[0]["row"] == 3
    assert Contact.objects.get(source_id="P2").customer.source_id == "C2"


def test_wallets_are_upserted_per_customer_year_and_product_line() -> None:
    run_import("customers", CUSTOMERS_CSV)
    data = 'customer_id,wallet,year,product_line\nC1,1000000,2024,\nC1,"250.000,50",2024,Pumps\n'
    first = run_import("wallet", data)
    assert first.status == Status.IMPORTED, first.errors
    assert WalletEstimate.objects.aggregate(s=Sum("amount"))["s"] == Decimal("1250000.50")
    second = run_import("wallet", data.replace("1000000", "900000"))
    assert (second.created, second.updated, second.unchanged) == (0, 1, 1)
    import_run_undo(actor=None, run=second)
    assert WalletEstimate.objects.get(product_line=None).amount == Decimal("1000000")


def test_a_spanish_workbook_with_a_title_row_imports() -> None:
    run_import("customers", CUSTOMERS_CSV)
    data = xlsx(
        [
            ["Ventas 2024"],
            ["Cód. Cliente", "Fecha", "Importe", "País"],
            ["C1", dt.date(2024, 3, 1), 1234.5, "España"],
            ["C2", "15/03/2024", "99,90", "Francia"],
        ],
        title="Ventas",
    )
    run = run_import("sales", data, name="ventas.xlsx")
    assert run.status == Status.IMPORTED, run.errors
    assert run.summary()["revenue_total"] == 1334.40
    assert Country.objects.filter(code="FR").exists()


def test_the_demo_source_files_import_and_add_up(tmp_path: Path) -> None:
    files = write_source_files(tmp_path, lines=3_000, seed=7)
    for kind, path in (
        ("customers", files.customers),
        ("contacts", files.contacts),
        ("sales", files.sales),
    ):
        run = run_import(kind, path.read_bytes(), name=path.name)
        assert run.status == Status.IMPORTED, (kind, run.errors[:3])
    expected = pl.read_csv(files.sales, schema_overrides={"revenue": pl.Decimal(16, 2)})[
        "revenue"
    ].sum()
    # Summed by the database, through the selector the pages use: exact on SQLite too.
    assert sales_totals(customers=Customer.objects.all()).revenue == expected
    assert SalesFact.objects.aggregate(n=Sum("lines"))["n"] == 3_000
