"""Issue 10's scoring defects through ``kamp select --json`` and the API, each a regression test
(the engine's own are in ``test_fidelity``). The customer base is ``factories.customer_base``:
G1 (chemicals, 100 / 150 / 200 plus a subsidiary's 0 / 50 / 100 a year), G2 (food, 500 a
year), G3 (chemicals, 90 / 60 / 30), G4 (no sales); one sale each December, 2023 to 2025."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
import tomli_w
from typer.testing import CliRunner

from kamp.cli import app
from kamp.customers.models import WalletEstimate
from kamp.customers.tests.factories import SalesFactFactory
from kamp.organisation.tests.factories import ProductLineFactory
from kamp.selection import selectors, services
from kamp.selection.models import ScoringModel
from kamp.selection.presets import preset, preset_text
from kamp.selection.tests.factories import SegmentFactory, customer_base
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from conftest import Cast

runner = CliRunner()
pytestmark = pytest.mark.django_db
AS_OF = "2025-12-31"


def model_file(tmp_path: Path, attractiveness: list[dict[str, Any]], **more: Any) -> Path:
    """A two-axis model: the given attractiveness criteria; strength from product lines."""
    data = {
        "name": "Fidelity",
        "scale": 100,
        "min_evidence": 0,
        "axes": [
            {
                "key": "attractiveness",
                "groups": [{"name": "A", "weight": 100, "criteria": attractiveness}],
            },
            {
                "key": "strength",
                "groups": [
                    {
                        "name": "S",
                        "weight": 100,
                        "criteria": [
                            {
                                "key": "breadth",
                                "weight": 100,
                                "metric": "product_lines",
                                "normalise": "percentile",
                            }
                        ],
                    }
                ],
            },
        ],
        **more,
    }
    path = tmp_path / "model.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def select(*args: str) -> dict[str, Any]:
    result = runner.invoke(
        app, ["select", "--json", "--as-of", AS_OF, "--capacity", "kams=4", *args]
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_account(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["account"]: a for a in data["accounts"]}


def test_cli_rescales_a_0_to_10_fit_into_a_0_to_100_model(cast: Cast, tmp_path: Path) -> None:
    """Defect 1: G1's segment fits 9 out of 10; it scores 90 out of 100 (it used to score 9)."""
    customer_base()
    SegmentFactory.create(name="Process", fit=Decimal("9.0"))
    fit = {"key": "fit", "weight": 100, "metric": "segment_fit", "normalise": "none"}
    data = select("--model", str(model_file(tmp_path, [fit])))
    assert by_account(data)["G1"]["attractiveness"] == 90.0


def test_cli_caps_share_of_wallet_and_reads_the_wallets_year(cast: Cast, tmp_path: Path) -> None:
    """Defect 2: G1's wallet for 2024 is 400 and its 2024 revenue 150 + 50 = 200: share 0.5
    (against the last twelve months, 300, it would be 0.75). G2 sells 500 in 2025 into a 2025
    wallet of 100: the share is capped at 1 (it was 5)."""
    base = customer_base()
    WalletEstimate.objects.create(customer=base["chem"], year=2024, amount=Decimal(400))
    WalletEstimate.objects.create(customer=base["food"], year=2025, amount=Decimal(100))
    share = {"key": "sow", "weight": 100, "metric": "share_of_wallet", "normalise": "none"}
    accounts = by_account(select("--model", str(model_file(tmp_path, [share]))))
    assert accounts["G1"]["attractiveness"] == 50.0
    assert accounts["G2"]["attractiveness"] == 100.0
    prepared, _as_of = selectors.prepared_accounts(dt.date(2025, 12, 31))
    rows = {r["source_id"]: r for r in prepared.iter_rows(named=True)}
    assert (rows["G1"]["share_of_wallet"], rows["G2"]["share_of_wallet"]) == (0.5, 1.0)


def test_cli_computes_the_3_year_cagr_over_three_intervals(cast: Cast, tmp_path: Path) -> None:
    """Defect 3: G1 sold 50 in 2022 and 300 in 2025: (300 / 50) ** (1/3) - 1 = 81.7 %, so 81.7
    out of 100 on a 0-100 % range (the 2-interval rate, sqrt(300 / 100) - 1 = 73.2 %, was
    called a 3-year CAGR)."""
    base = customer_base()
    SalesFactFactory.create(
        customer=base["chem"],
        period=dt.date(2022, 12, 1),
        product_line=ProductLineFactory.create(code="PUMPS"),
        revenue=Decimal(50),
        margin=Decimal(10),
    )
    cagr = {
        "key": "cagr",
        "weight": 100,
        "metric": "revenue_cagr_3y",
        "normalise": "none",
        "range": [0, 1],
    }
    accounts = by_account(select("--model", str(model_file(tmp_path, [cagr]))))
    assert accounts["G1"]["attractiveness"] == pytest.approx(100 * (6 ** (1 / 3) - 1), abs=1e-3)
    assert accounts["G2"]["contributions"]["cagr"] == 0.0  # no sales three years back


def test_team_scores_belong_to_one_model(cast: Cast, client: Client, tmp_path: Path) -> None:
    """Defect 4: a buyer_power score entered for Fiocca's model through the API does not flow
    into another model that also has a buyer_power criterion."""
    base = customer_base()
    fiocca = services.scoring_model_install_preset(actor=cast.director, key="fiocca")
    other = preset("fiocca") | {"name": "Another model", "min_evidence": 0}
    services.scoring_model_save(actor=cast.director, definition=other)
    api = api_client_for(client, cast.director)
    csv = "account,criterion,score\nG1,buyer_power,2\n"
    r = api.post("/api/v1/manual-scores", {"model": str(fiocca.public_id), "csv": csv})
    assert r.status_code == 201 and r.json() == {"stored": 1}
    fiocca_view = by_account(select("--model-name", fiocca.name))["G1"]["contributions"]
    other_view = by_account(select("--model-name", "Another model"))["G1"]["contributions"]
    # Fiocca: difficulty 2, inverted to 8 x 45 % x 60 % = 2.16. The other model did not get
    # the score: missing, it takes Fiocca's midpoint policy, 5 x 0.27 = 1.35.
    assert fiocca_view["buyer_power"] == pytest.approx(2.16)
    assert other_view["buyer_power"] == pytest.approx(1.35)
    frame = selectors.manual_frame(fiocca.spec)
    assert frame.rows() == [(base["chem"].pk, "buyer_power", 2.0)]
    assert selectors.manual_frame(ScoringModel.objects.get(name="Another model").spec).is_empty()


def test_cli_gives_not_enough_data_instead_of_a_score(cast: Cast, tmp_path: Path) -> None:
    """Defect 5: one team score out of four criteria used to score G1 10 out of 10 (the
    others' weight went to it) and get it proposed. Now: "not enough data", not proposed."""
    customer_base()
    manual = [
        {"key": "prestige", "weight": 50, "manual": True},
        {"key": "leadership", "weight": 50, "manual": True},
    ]
    path = model_file(tmp_path, manual, min_evidence=60, missing="reweight", scale=10)
    scores = tmp_path / "scores.csv"
    scores.write_text("account,criterion,score\nG1,prestige,10\nG2,prestige,6\nG2,leadership,6\n")
    accounts = by_account(select("--model", str(path), "--scores", str(scores)))
    g1, g2 = accounts["G1"], accounts["G2"]
    assert (g1["status"], g1["evidence"], g1["attractiveness"], g1["selected"]) == (
        "not enough data",
        50.0,
        None,
        False,
    )
    assert (g2["status"], g2["attractiveness"], g2["selected"]) == ("scored", 6.0, True)


def test_cli_weighs_attractiveness_and_strength_and_takes_penalties(
    cast: Cast, tmp_path: Path
) -> None:
    """Defect 6: value = 0.5 x attractiveness + 0.5 x strength (shares of the scale), less the
    penalty; see test_fidelity for the case where the old objective chose otherwise."""
    customer_base()
    revenue = {"key": "revenue", "weight": 100, "metric": "revenue_12m", "normalise": "minmax"}
    path = str(model_file(tmp_path, [revenue]))
    g2 = by_account(select("--model", path))["G2"]
    expected = 0.5 * g2["attractiveness"] / 100 + 0.5 * g2["strength"] / 100
    assert g2["value"] == pytest.approx(expected, abs=1e-4)
    g2_risky = by_account(select("--model", path, "--penalty", "G2=0.25"))["G2"]
    assert g2_risky["value"] == pytest.approx(expected - 0.25, abs=1e-4)
    result = runner.invoke(app, ["select", "--penalty", "G2=lots"])
    assert result.exit_code == 1 and "Cannot read penalty" in result.output


def test_cli_prints_the_account_scoring_index_with_each_accounts_class(
    cast: Cast, tmp_path: Path
) -> None:
    """Defect 7: the points-based Account Scoring Index (kam-methodology.md 1.8) through
    ``kamp select --json``: a ranking, each account with its class."""
    customer_base()
    model = tmp_path / "index.toml"
    model.write_text(preset_text("scoring_index"), encoding="utf-8")
    keys = ["profile", "size", "age", "decision_maker", "opportunity", "history"]
    points = {
        "G1": [15, 12, 14, 15, 15, 15],
        "G2": [10, 10, 10, 10, 12, 11],
        "G3": [5, 5, 5, 5, 10, 5],
    }
    lines = ["account,criterion,score"]
    lines += [f"{a},{k},{p}" for a, ps in points.items() for k, p in zip(keys, ps, strict=True)]
    scores = tmp_path / "scores.csv"
    scores.write_text("\n".join(lines))
    data = select("--model", str(model), "--scores", str(scores))
    assert data["model"]["kind"] == "ranking" and data["model"]["axes"] == ["attractiveness"]
    assert [b["name"] for b in data["model"]["classes"]["bands"]] == ["A", "B", "C", "D"]
    accounts = by_account(data)
    assert [(a, accounts[a]["attractiveness"], accounts[a]["class"]) for a in points] == [
        ("G1", 86.0, "A"),
        ("G2", 63.0, "B"),
        ("G3", 35.0, "D"),
    ]
    assert accounts["G1"]["strength"] is None and accounts["G1"]["quadrant"] is None
    assert accounts["G4"]["status"] == "not enough data" and accounts["G4"]["class"] is None
    # A point beyond a criterion's maximum is refused.
    scores.write_text("account,criterion,score\nG1,profile,16\n")
    result = runner.invoke(app, ["select", "--model", str(model), "--scores", str(scores)])
    assert result.exit_code == 1 and "between 0 and 15" in result.output


def test_a_saved_ranking_run_shows_classes_and_no_matrix(cast: Cast, client: Client) -> None:
    """Defect 7, saved: the run keeps each account's class; its page says it is a ranking."""
    customer_base()
    model = services.scoring_model_install_preset(actor=cast.director, key="scoring_index")
    keys = ["profile", "size", "age", "decision_maker", "opportunity", "history"]
    text = "account,criterion,score\n" + "".join(f"G1,{k},14\n" for k in keys)
    services.manual_scores_import(actor=cast.director, model=model, text=text)
    run = services.selection_run_create(
        actor=cast.director,
        name="Index",
        model=model,
        parameters={"kams": 1},
        as_of=dt.date(2025, 12, 31),
    )
    g1 = run.results.get(account__source_id="G1")
    assert (g1.attractiveness, g1.band, g1.tier, g1.strength) == (84.0, "A", "gold", None)
    assert run.results.get(account__source_id="G2").reason == "no_data"
    client.force_login(cast.director)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Ranking" in page and "matrix-chart" not in page
    api = api_client_for(client, cast.director)
    items = api.get(f"/api/v1/selection-runs/{run.public_id}/results").json()["items"]
    g1_item = next(i for i in items if i["account"]["customer_id"] == "G1")
    assert (g1_item["band"], g1_item["strength"], g1_item["evidence"]) == ("A", None, 100.0)
