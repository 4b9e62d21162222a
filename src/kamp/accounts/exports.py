"""An account plan as an XLSX workbook: the written sections, the profit plan, the initiatives.

:func:`plan_export_data` reads the plan into plain data; :func:`build_plan_xlsx` turns that into
bytes without touching the database. Every text cell is written as a string cell, so text that
starts with ``=``, ``+``, ``-`` or ``@`` stays text and never runs as a formula. Amounts are exact
decimals in number cells formatted in the company's currency (``#,##0.00 "EUR"``); dates are
date cells, which the spreadsheet shows in its reader's language.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kamp.accounts.models import PLAN_SECTIONS
from kamp.accounts.selectors import plan_lines
from kamp.core.formatting import DEFAULT_CURRENCY, spreadsheet_money_format
from kamp.core.spreadsheets import printable

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from kamp.accounts.models import AccountPlan
    from kamp.users.models import User


def plan_export_data(
    plan: AccountPlan, *, actor: User | AnonymousUser, currency: str = DEFAULT_CURRENCY
) -> dict[str, Any]:
    """The plan as plain data: title, currency, sections, profit plan rows (with the figures
    ``actor`` may read), initiatives."""
    account = plan.key_account
    return {
        "title": f"{account.customer.name} {plan.year}",
        "currency": currency,
        "facts": [
            (_("Key account"), account.customer.name),
            (_("Year"), plan.year),
            (_("Tier"), account.get_tier_display()),
            (_("Relationship stage"), account.get_relationship_stage_display()),
            (_("Target stage"), account.get_target_stage_display()),
            (_("Plan version"), plan.version),
            (_("Next review"), plan.next_review_on),
        ],
        "sections": [(str(label), getattr(plan, name)) for name, label in PLAN_SECTIONS],
        "profit_plan": [
            (
                line.product_line.name,
                line.current_revenue,
                line.current_margin,
                line.target_revenue,
                line.target_margin,
            )
            for line in plan_lines(plan, actor=actor)
        ],
        "initiatives": [
            (
                i.title,
                i.get_status_display(),
                i.owner.get_username() if i.owner else "",
                i.expected_value,
                i.investment,
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
    money = spreadsheet_money_format(data.get("currency", DEFAULT_CURRENCY))
    for row in data["profit_plan"]:
        profit.append(_row(profit, row, money_from=1, money=money))
    initiatives = book.create_sheet(_("Initiatives"))
    initiatives.append(
        _row(
            initiatives,
            (_("Initiative"), _("Status"), _("Owner"), _("Expected value"), _("Investment")),
        )
    )
    for row in data["initiatives"]:
        initiatives.append(_row(initiatives, row, money_from=3, money=money))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(
    sheet: WriteOnlyWorksheet, values: tuple[Any, ...], *, money_from: int = 0, money: str = ""
) -> list[Any]:
    """Text as string cells; with ``money``, the values from ``money_from`` on are amounts."""
    return [
        _text(sheet, v)
        if isinstance(v, str)
        else _amount(sheet, v, money)
        if money and index >= money_from and v is not None
        else _date(sheet, v)
        if isinstance(v, dt.date)
        else v
        for index, v in enumerate(values)
    ]


def _amount(sheet: WriteOnlyWorksheet, value: Any, number_format: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _date(sheet: WriteOnlyWorksheet, value: dt.date) -> Cell:
    cell = WriteOnlyCell(sheet, value=dt.datetime.combine(value, dt.time()))
    cell.number_format = "d mmm yyyy"  # unambiguous in every language; never US or ISO only
    return cell


def _text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=printable(value))
    cell.data_type = "s"  # a string cell: openpyxl would store "=..." as a formula
    return cell
