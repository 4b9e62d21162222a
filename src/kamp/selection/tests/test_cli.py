"""``kamp select`` and ``kamp scoring-model``, in-process with typer's runner."""

from __future__ import annotations

import json
import tomllib
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from kamp.cli import app
from kamp.selection.models import ScoringModel
from kamp.selection.presets import preset_text
from kamp.selection.tests.factories import customer_base

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Cast

runner = CliRunner()
pytestmark = pytest.mark.django_db


def test_select_prints_the_json_the_issue_asks_for(cast: Cast, tmp_path: Path) -> None:
    customer_base()
    model = tmp_path / "model.toml"
    model.write_text(preset_text("mcdonald"), encoding="utf-8")
    scores = tmp_path / "scores.csv"
    scores.write_text("account,criterion,score\nG3,prestige,10\nG3,relationship_stage,10\n")
    args = ["select", "--model", str(model), "--scores", str(scores), "--json"]
    args += [
        "--capacity",
        "kams=1,gold=1",
        "--capacity",
        "silver=1,bronze=1",
        "--as-of",
        "2025-12-31",
    ]
    result = runner.invoke(app, [*args, "--exclude", "G2:lost to a competitor"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"model", "accounts", "coverage"}
    assert data["model"]["kind"] == "matrix" and data["model"]["min_evidence"] == 60
    first = data["accounts"][0]
    assert set(first) == {
        "account",
        "name",
        "status",
        "evidence",
        "attractiveness",
        "strength",
        "quadrant",
        "class",
        "tier",
        "value",
        "selected",
        "contributions",
    }
    assert first["quadrant"] in {"Strategic", "Star", "Status", "Streamline"}
    assert set(first["contributions"]) >= {"prestige", "relationship_stage", "purchase_potential"}
    values = [a["attractiveness"] for a in data["accounts"]]
    assert len(values) == 4
    g3 = next(a for a in data["accounts"] if a["account"] == "G3")
    assert g3["contributions"]["prestige"] > 0  # the file's score was used
    assert not next(a for a in data["accounts"] if a["account"] == "G2")["selected"]
    assert data["coverage"]["reference"] == {"customers": 0.1, "revenue": 0.5}
    # Without team scores, a wallet or a 3-year CAGR, G1 has 55 % of the attractiveness weight
    # with evidence (potential 30, margin 25) and 50 % of the strength weight (range bought 25,
    # regularity 25): below 60 %, so no score and no proposal.
    g1 = next(a for a in data["accounts"] if a["account"] == "G1")
    assert (g1["status"], g1["evidence"], g1["attractiveness"]) == ("not enough data", 50, None)
    assert not g1["selected"] and g1["tier"] is None


def test_select_explains_bad_input_in_one_line(cast: Cast) -> None:
    customer_base()
    result = runner.invoke(app, ["select", "--capacity", "kams=lots"])
    assert result.exit_code == 1 and "Cannot read capacity" in result.output
    result = runner.invoke(app, ["select", "--include", "G1"])
    assert result.exit_code == 1 and "reason" in result.output
    result = runner.invoke(app, ["select", "--include", "NOPE:friend"])
    assert result.exit_code == 1 and "Unknown accounts" in result.output


def test_select_prints_a_table(cast: Cast) -> None:
    customer_base()
    result = runner.invoke(app, ["select", "--capacity", "kams=2", "--as-of", "2025-12-31"])
    assert result.exit_code == 0, result.output
    assert "G1" in result.output and "reference" in result.output


def test_scoring_models_import_and_export(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "fiocca.toml"
    assert (
        runner.invoke(app, ["scoring-model", "export", "fiocca", "--out", str(path)]).exit_code == 0
    )
    result = runner.invoke(app, ["scoring-model", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["version"] == 1
    name = ScoringModel.objects.get().name
    exported = runner.invoke(app, ["scoring-model", "export", name])
    assert tomllib.loads(exported.stdout)["name"] == name
    bad = tmp_path / "bad.toml"
    bad.write_text(preset_text("simple").replace("weight = 50", "weight = 10"))
    result = runner.invoke(app, ["scoring-model", "import", str(bad)])
    assert result.exit_code == 1 and "sum to 60" in result.output
    assert runner.invoke(app, ["scoring-model", "export", "nothing"]).exit_code == 1


@pytest.mark.parametrize(
    "command",
    [["select"], ["scoring-model"], ["scoring-model", "import"], ["scoring-model", "export"]],
)
def test_it_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: kamp" in result.output
