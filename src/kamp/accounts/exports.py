"""An account plan as an XLSX workbook: the written sections, the profit plan, the initiatives.

:func:`plan_export_data` reads the plan into plain data; :func:`build_plan_xlsx` turns that into
bytes without touching the database. Every text cell is written as a string cell, so text that
starts with ``=``, ``+``, ``-`` or ``@`` stays text and never runs as a formula.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kamp.accounts.models import PLAN_SECTIONS
from kamp.core.spreadsheets import printable

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from kamp.accounts.models import AccountPlan


def plan_export_data(plan: AccountPlan) -> dict[str, Any]:
    """The plan as plain data: title, sections, profit plan rows, initiatives."""
    account = plan.key_account
    return {
        "title": f"{account.customer.name} {plan.year}",
        "facts": [
            (_("Key account"), account.customer.name),
            (_("Year"), plan.year),
            (_("Tier"), account.get_tier_display()),
            (_("Relationship stage"), account.get_relationship_stage_display()),
            (_("Target stage"), account.get_target_stage_display()),
            (_("Plan version"), plan.version),
            (_("Next review"), plan.next_review_on.isoformat() if plan.next_review_on else ""),
        ],
        "sections": [(str(label), getattr(plan, name)) for name, label in PLAN_SECTIONS],
        "profit_plan": [
            (
                line.product_line.name,
                float(line.current_revenue),
                float(line.current_margin),
                float(line.target_revenue),
                float(line.target_margin),
            )
            for line in plan.lines.select_related("product_line")
        ],
        "initiatives": [
            (
                i.title,
                i.get_status_display(),
                i.owner.get_username() if i.owner else "",
                float(i.expected_value) if i.expected_value is not None else None,
                float(i.investment) if i.investment is not None else None,
            )
            for i in account.initiatives.select_related("owner")
        ],
    }


def build_plan_xlsx(data: dict[str, Any]) -> bytes:
    """Three sheets (plan, profit plan, initiatives); text never becomes a formula."""
    book = Workbook(write_only=True)
    plan = book.create_sheet(_("Plan"))
    for row in [*data["facts"], ("", ""), *data["sections"]]:
        plan.append(_row(plan, row))
    profit = book.create_sheet(_("Profit plan"))
    profit.append(
        _row(
            profit,
            (
                _("Product line"),
                _("Current revenue"),
                _("Current margin"),
                _("Target revenue"),
                _("Target margin"),
            ),
        )
    )
    for row in data["profit_plan"]:
        profit.append(_row(profit, row))
    initiatives = book.create_sheet(_("Initiatives"))
    initiatives.append(
        _row(
            initiatives,
            (_("Initiative"), _("Status"), _("Owner"), _("Expected value"), _("Investment")),
        )
    )
    for row in data["initiatives"]:
        initiatives.append(_row(initiatives, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(sheet: WriteOnlyWorksheet, values: tuple[Any, ...]) -> list[Any]:
    return [_text(sheet, v) if isinstance(v, str) else v for v in values]


def _text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=printable(value))
    cell.data_type = "s"  # a string cell: openpyxl would store "=..." as a formula
    return cell
