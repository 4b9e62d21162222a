"""``kamp import``, ``import-history``, ``import-undo`` and ``export`` in-process."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import openpyxl
import pytest
from typer.testing import CliRunner

from kamp.cli import app
from kamp.customers.models import Customer, SalesFact
from kamp.imports.models import ImportRun
from kamp.imports.tests.helpers import CUSTOMERS_CSV

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.django_db
runner = CliRunner()
SUMMARY_KEYS = ["rows_read", "rows_imported", "created", "updated", "unchanged"]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_prints_the_json_summary_and_exits_zero(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["import", "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(summary) == [*SUMMARY_KEYS, "errors"]
    assert summary["created"] == 4
    sales = write(tmp_path, "s.csv", "customer_id,date,revenue\nC1,2024-01-01,10.25\n")
    summary = json.loads(runner.invoke(app, ["import", "sales", sales, "--json"]).stdout)
    assert list(summary) == [*SUMMARY_KEYS, "revenue_total", "errors"]
    assert summary["revenue_total"] == 10.25


def test_import_exits_non_zero_when_anything_is_rejected(tmp_path: Path) -> None:
    bad = write(tmp_path, "s.csv", "customer_id,date,revenue\nC404,2024-01-01,10\n")
    result = runner.invoke(app, ["import", "sales", bad, "--json"])
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert errors == [
        {
            "row": 2,
            "column": "customer_id",
            "value": "C404",
            "message": "Unknown customer: import it first.",
        }
    ]


def test_dry_run_and_mapping_file(tmp_path: Path) -> None:
    data = write(tmp_path, "c.csv", "Code;Nom\nC1;Acme\n")
    mapping = write(
        tmp_path, "m.toml", 'kind = "customers"\n[columns]\ncustomer_id = "Code"\nname = "Nom"\n'
    )
    result = runner.invoke(app, ["import", "customers", data, "--mapping", mapping, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert not Customer.objects.exists()
    bad = write(tmp_path, "bad.toml", 'kind = "sales"')
    result = runner.invoke(app, ["import", "customers", data, "--mapping", bad])
    assert result.exit_code == 1
    assert "not customers" in result.output


def test_history_undo_and_export(tmp_path: Path) -> None:
    runner.invoke(app, ["import", "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV)])
    runner.invoke(
        app,
        [
            "import",
            "sales",
            write(tmp_path, "s.csv", "customer_id,date,revenue\nC1,2024-01-01,10\n"),
        ],
    )
    history = json.loads(runner.invoke(app, ["import-history", "--json"]).stdout)
    assert [h["kind"] for h in history] == ["sales", "customers"]
    run = ImportRun.objects.get(kind="sales")
    result = runner.invoke(app, ["import-undo", str(run.public_id)[:8]])
    assert result.exit_code == 0, result.output
    assert not SalesFact.objects.exists()
    target = tmp_path / "customers.xlsx"
    assert runner.invoke(app, ["export", "customers", str(target)]).exit_code == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet.max_row == 5
    assert runner.invoke(app, ["export", "customers", str(tmp_path / "c.txt")]).exit_code == 1


def test_every_new_command_has_help() -> None:
    for command in ("import", "import-history", "import-undo", "export", "worker"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, result.output
