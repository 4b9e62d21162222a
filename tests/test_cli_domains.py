"""`kamp casting` and `kamp maturity` print what the casting and change apps compute."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from kamp.casting.demo import demo_casting_ensure
from kamp.casting.tests.factories import kam2, key_accounts
from kamp.change.demo import demo_change_ensure
from kamp.cli import app

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Cast

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_kamp_casting_gives_each_persons_fit_decision_and_gaps(cast: Cast) -> None:
    key_accounts(cast, kam2())
    demo_casting_ensure()

    result = runner.invoke(app, ["casting", "--json"])
    assert result.exit_code == 0, result.output
    people = {p["person"]: p for p in json.loads(result.stdout)["people"]}
    assert {name: p["decision"] for name, p in people.items()} == {
        "kam": "keep",
        "kam2": "train",
        "member": "transfer_hire",
    }
    assert set(people["kam2"]["gaps"][0]) == {
        "competency", "required", "attained", "gap", "critical"
    }  # fmt: skip

    table = runner.invoke(app, ["casting"])
    assert table.exit_code == 0, table.output
    assert "transfer_hire" in table.stdout


def test_kamp_casting_assign_proposes_moves_within_capacity(cast: Cast) -> None:
    key_accounts(cast, kam2())
    demo_casting_ensure()

    result = runner.invoke(app, ["casting", "assign", "--json"])
    assert result.exit_code == 0, result.output
    moves = {
        a["account"]: (a["kam"], a["changed"]) for a in json.loads(result.stdout)["assignments"]
    }
    assert moves["Alimentos"] == ("kam2", True)
    assert moves["Eaux"] == ("kam2", False)


def test_kamp_casting_import_names_the_missing_campaign(cast: Cast, tmp_path: Path) -> None:
    scores = tmp_path / "levels.csv"
    scores.write_text("person,competency,level\nkam,seller,4\n", encoding="utf-8")
    result = runner.invoke(app, ["casting", "import-assessments", str(scores), "--campaign", "Q9"])
    assert result.exit_code == 1
    assert "No campaign named 'Q9'" in result.output


def test_kamp_maturity_reports_the_latest_assessment(cast: Cast) -> None:
    empty = runner.invoke(app, ["maturity", "--json"])
    assert empty.exit_code == 0, empty.output
    assert json.loads(empty.stdout) == {
        "index": None, "phase": None, "dimensions": [], "assessed_on": None
    }  # fmt: skip

    demo_change_ensure()
    result = runner.invoke(app, ["maturity", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["phase"] in {"A", "B", "C", "D"}
    assert 1 <= report["index"] <= 4
    assert len(report["dimensions"]) == 8
    assert set(report["dimensions"][0]) == {"name", "level", "target", "evidence"}


def test_kamp_kpi_gives_the_programme_and_its_accounts() -> None:
    result = runner.invoke(app, ["kpi", "--as-of", "2026-06-30", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-06-30"
    assert report["currency"]
    assert {"ka_count", "ka_revenue_12m", "growth_ratio", "plan_coverage"} <= set(
        report["programme"]
    )
    assert report["accounts"] == []

    taken = runner.invoke(app, ["kpi", "snapshot", "--as-of", "2026-06-30", "--json"])
    assert taken.exit_code == 0, taken.output
    assert json.loads(taken.stdout)["month"].startswith("2026-06")


def test_kamp_forecast_checks_its_target_and_answers_in_json() -> None:
    refused = runner.invoke(app, ["forecast", "--target", "lots"])
    assert refused.exit_code == 1
    assert "--target must be an amount" in refused.output

    result = runner.invoke(app, ["forecast", "--runs", "200", "--seed", "7", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"expected", "std", "p10", "p50", "p90"} <= set(report["pipeline"])
    assert {"base", "upside", "downside"} <= set(report["scenarios"])
