"""`kamp maturity`: the programme's latest maturity assessment."""

from __future__ import annotations

from rich.table import Table

from kamp.cli._common import JsonFlag, echo_json, out, setup_django, user_errors


def maturity(*, as_json: JsonFlag = False) -> None:
    """The maturity index (1-4), its transition phase (A-D), each dimension against its target."""
    setup_django()
    from kamp.change.commands import maturity_report

    with user_errors():
        report = maturity_report()
    if as_json:
        echo_json(report)
        return
    if report["index"] is None:
        out.print("No maturity assessment has been rated yet.")
        return
    out.print(
        f"Maturity index {report['index']:.2f} (phase {report['phase']}), "
        f"assessed on {report['assessed_on']}."
    )
    table = Table()
    for column in ("dimension", "level", "target"):
        table.add_column(column)
    for dimension in report["dimensions"]:
        level = "—" if dimension["level"] is None else f"{dimension['level']:.2f}"
        table.add_row(dimension["name"], level, str(dimension["target"]))
    out.print(table)
