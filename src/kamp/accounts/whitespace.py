"""The white-space matrix: countries x product lines, pure arithmetic over plain data.

A cell with revenue in the sales data is *sold* unless the KAM marked it otherwise; a cell
without revenue is *white space* unless marked (open opportunity, competitor-held, not
applicable). The gap of a cell is its wallet estimate minus our revenue (never below zero); cells
marked not applicable count for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

ZERO = Decimal(0)
Key = tuple[str, str]


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    status: str
    revenue: Decimal
    wallet: Decimal | None
    competitor: str = ""

    @property
    def gap(self) -> Decimal:
        """What is left to win in the cell."""
        if self.status == "not_applicable" or self.wallet is None:
            return ZERO
        return max(self.wallet - self.revenue, ZERO)

    @property
    def share_of_wallet(self) -> float | None:
        """Our revenue over the wallet estimate, when there is one."""
        if not self.wallet:
            return None
        return float(self.revenue / self.wallet)


@dataclass(frozen=True)
class Totals:
    revenue: Decimal
    wallet: Decimal
    gap: Decimal

    @property
    def share_of_wallet(self) -> float | None:
        return float(self.revenue / self.wallet) if self.wallet else None


@dataclass(frozen=True)
class Matrix:
    rows: list[str]
    columns: list[str]
    cells: dict[Key, Cell]
    row_totals: dict[str, Totals]
    column_totals: dict[str, Totals]
    total: Totals
    biggest_gaps: list[Cell]


def _totals(cells: list[Cell]) -> Totals:
    counted = [c for c in cells if c.status != "not_applicable"]
    return Totals(
        revenue=sum((c.revenue for c in counted), ZERO),
        wallet=sum((c.wallet or ZERO for c in counted), ZERO),
        gap=sum((c.gap for c in counted), ZERO),
    )


def build_matrix(
    rows: list[str],
    columns: list[str],
    revenue: Mapping[Key, Decimal],
    marks: Mapping[Key, tuple[str, Decimal | None, str]],
    *,
    top: int = 5,
) -> Matrix:
    """The matrix of ``rows`` x ``columns`` with revenue, the KAM's marks, totals and top gaps."""
    cells: dict[Key, Cell] = {}
    for row in rows:
        for column in columns:
            sold = revenue.get((row, column), ZERO)
            default = "sold" if sold > 0 else "white_space"
            status, wallet, competitor = marks.get((row, column), (default, None, ""))
            cells[(row, column)] = Cell(row, column, status, sold, wallet, competitor)
    every = list(cells.values())
    gaps = sorted((c for c in every if c.gap > 0), key=lambda c: (-c.gap, c.row, c.column))
    return Matrix(
        rows=rows,
        columns=columns,
        cells=cells,
        row_totals={r: _totals([c for c in every if c.row == r]) for r in rows},
        column_totals={k: _totals([c for c in every if c.column == k]) for k in columns},
        total=_totals(every),
        biggest_gaps=gaps[:top],
    )
