"""An import's revenue total and the sales export are exact, and the export shows the currency."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kamp.customers.models import Customer
from kamp.customers.selectors import sales_totals
from kamp.imports.exports import to_csv, to_xlsx
from kamp.imports.selectors import sales_summary_export
from kamp.imports.tests.helpers import CUSTOMERS_CSV, run_import

pytestmark = pytest.mark.django_db

#: A large amount and a hundred cents-sized ones: a float accumulator drifts off their total.
LINES = ["C1,2024-01-05,36385241.52,36385241.52,1,Pumps,IND,ES,L0"] + [
    f"C1,2024-{1 + i % 12:02d}-05,0.10,0.10,1,Pumps,IND,ES,L{i + 1}" for i in range(100)
]
SALES = "customer_id,date,revenue,margin,quantity,product_line,business_unit,country,line_id\n"
TOTAL = "36385251.52"


def test_an_imports_revenue_total_and_the_sales_export_are_exact() -> None:
    run_import("customers", CUSTOMERS_CSV)
    run = run_import("sales", SALES + "\n".join(LINES) + "\n")
    assert str(run.revenue_total) == TOTAL
    assert str(sales_totals(customers=Customer.objects.all()).revenue) == TOTAL
    frame = sales_summary_export(actor=None)
    assert str(frame["revenue"].sum()) == TOTAL
    assert f",{TOTAL},{TOTAL},101.000,101" in to_csv(frame).decode("utf-8-sig")


def test_money_cells_of_the_sales_export_carry_the_currency() -> None:
    run_import("customers", CUSTOMERS_CSV)
    run_import("sales", SALES + "\n".join(LINES[:3]) + "\n")
    frame = sales_summary_export(actor=None)
    sheet = load_workbook(io.BytesIO(to_xlsx(frame, title="sales", currency="EUR"))).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    revenue = sheet.cell(row=2, column=header.index("revenue") + 1)
    quantity = sheet.cell(row=2, column=header.index("quantity") + 1)
    assert revenue.number_format == '#,##0.00 "EUR"'
    assert quantity.number_format == "General"
    assert revenue.value == pytest.approx(36385241.72)  # January: the large line and two cents
