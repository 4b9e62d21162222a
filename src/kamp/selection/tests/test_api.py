"""The selection and key-account API as each persona sees it; every response is held to the
OpenAPI schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from kamp.selection import services
from kamp.selection.presets import preset_text
from kamp.selection.tests.factories import AS_OF, customer_base
from tests.openapi import ApiClient, api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast
    from kamp.selection.models import SelectionRun
    from kamp.users.models import User

pytestmark = pytest.mark.django_db
PARAMETERS = {"kams": 1, "per_kam": {"gold": 2, "silver": 2, "bronze": 2}}


@pytest.fixture
def as_user(client: Client) -> Any:
    def make(user: User) -> ApiClient:
        return api_client_for(client, user)

    return make


@pytest.fixture
def run(cast: Cast) -> SelectionRun:
    customer_base()
    model = services.scoring_model_install_preset(actor=cast.director, key="simple")
    return services.selection_run_create(
        actor=cast.director, name="First", model=model, parameters=PARAMETERS, as_of=AS_OF
    )


def test_the_director_works_through_the_api(as_user: Any, cast: Cast, run: SelectionRun) -> None:
    api = as_user(cast.director)
    r = api.post(
        "/api/v1/segments",
        {
            "name": "Chemicals",
            "rules": [{"field": "industry", "op": "in", "values": ["Chemicals"]}],
            "fit": 8,
        },
    )
    assert r.status_code == 201, r.content
    segment = r.json()["id"]
    assert api.patch(f"/api/v1/segments/{segment}", {"fit": 9}).json()["fit"] == 9
    r = api.post("/api/v1/scoring-models", {"toml": preset_text("simple"), "notes": "again"})
    assert r.status_code == 201 and r.json()["version"] == 2
    model = r.json()["id"]
    assert "[[axes.groups.criteria]]" in api.get(f"/api/v1/scoring-models/{model}").json()["toml"]
    mcdonald = services.scoring_model_install_preset(actor=cast.director, key="mcdonald")
    csv = "account,criterion,score\nG1,prestige,7\n"
    r = api.post("/api/v1/manual-scores", {"model": str(mcdonald.public_id), "csv": csv})
    assert r.json() == {"stored": 1}
    # The scores are for one model: the simple model has no prestige to score.
    r = api.post("/api/v1/manual-scores", {"model": model, "csv": csv})
    assert r.status_code == 422 and "prestige is not scored" in r.content.decode()
    r = api.post(
        "/api/v1/selection-runs",
        {
            "name": "API run",
            "model": model,
            "parameters": {
                **PARAMETERS,
                "limits": [{"dimension": "segment", "key": "Chemicals", "minimum": 1}],
            },
            "as_of": str(AS_OF),
        },
    )
    assert r.status_code == 201, r.content
    new_run = r.json()["id"]
    assert r.json()["coverage"]["reference"] == {"customers": 0.1, "revenue": 0.5}
    results = api.get(f"/api/v1/selection-runs/{new_run}/results", show="selected").json()
    assert results["count"] == r.json()["proposed"] >= 1
    assert any("Chemicals" in item["segments"] for item in results["items"])
    compare = api.get(f"/api/v1/selection-runs/{new_run}/compare/{run.public_id}").json()
    assert compare["newer"] == new_run
    assert api.post(f"/api/v1/selection-runs/{new_run}/submit", {}).json()["status"] == "submitted"
    first = results["items"][0]["id"]
    detail = api.get(f"/api/v1/selection-results/{first}").json()
    assert set(detail["contributions"]) == {
        "revenue",
        "growth",
        "margin",
        "frequency",
        "breadth",
        "recency",
    }
    r = api.post(f"/api/v1/selection-results/{first}/validation", {"decision": "validated"})
    assert r.status_code == 201
    accounts = api.get("/api/v1/key-accounts").json()
    assert accounts["count"] == 1 and accounts["items"][0]["status"] == "nominated"
    key_account = accounts["items"][0]["id"]
    r = api.patch(f"/api/v1/key-accounts/{key_account}", {"kam": "kam", "status": "validated"})
    assert r.status_code == 200 and r.json()["kam"] == "kam"
    r = api.patch(f"/api/v1/key-accounts/{key_account}", {"kam": "viewer"})
    assert r.status_code == 422
    assert api.delete(f"/api/v1/selection-runs/{run.public_id}").status_code == 204
    assert api.delete(f"/api/v1/segments/{segment}").status_code == 204


def test_invalid_models_and_parameters_answer_422(
    as_user: Any, cast: Cast, run: SelectionRun
) -> None:
    api = as_user(cast.director)
    bad = preset_text("simple").replace("weight = 50", "weight = 55")
    r = api.post("/api/v1/scoring-models", {"toml": bad})
    assert r.status_code == 422 and "sum to 105" in r.content.decode()
    body = {
        "name": "x",
        "model": str(run.model.public_id),
        "parameters": {
            "kams": 1,
            "overrides": [{"account": "NOPE", "include": True, "reason": "r"}],
        },
    }
    assert api.post("/api/v1/selection-runs", body).status_code == 422
    r = api.post("/api/v1/selection-runs", {**body, "parameters": {"kams": 0}})
    assert r.status_code == 422


@pytest.mark.parametrize("persona", ["kam", "executive", "viewer"])
def test_readers_read_and_cannot_write(
    as_user: Any, cast: Cast, run: SelectionRun, persona: str
) -> None:
    api = as_user(getattr(cast, persona))
    assert api.get("/api/v1/selection-runs").json()["count"] == 1
    assert api.get(f"/api/v1/selection-runs/{run.public_id}").status_code == 200
    assert api.get("/api/v1/scoring-models").status_code == 200
    assert api.post("/api/v1/segments", {"name": "x"}).status_code == 403
    assert api.post(f"/api/v1/selection-runs/{run.public_id}/submit", {}).status_code == 403
    assert api.delete(f"/api/v1/selection-runs/{run.public_id}").status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "pcdirector", "member"])
def test_others_get_404(as_user: Any, cast: Cast, run: SelectionRun, persona: str) -> None:
    api = as_user(getattr(cast, persona))
    result = run.results.get(rank=1)
    assert api.get("/api/v1/selection-runs").status_code == 404
    assert api.get(f"/api/v1/selection-runs/{run.public_id}").status_code == 404
    assert api.get(f"/api/v1/selection-results/{result.public_id}").status_code == 404
    assert (
        api.post(
            f"/api/v1/selection-results/{result.public_id}/validation", {"decision": "validated"}
        ).status_code
        == 404
    )


def test_kams_cannot_validate_executives_can(as_user: Any, cast: Cast, run: SelectionRun) -> None:
    services.selection_run_submit(actor=cast.director, run=run)
    result = run.results.filter(selected=True).order_by("rank").first()
    assert result is not None
    url = f"/api/v1/selection-results/{result.public_id}/validation"
    assert as_user(cast.kam).post(url, {"decision": "validated"}).status_code == 403
    r = as_user(cast.executive).post(url, {"decision": "rejected"})
    assert r.status_code == 422  # a rejection needs a reason
    r = as_user(cast.executive).post(url, {"decision": "rejected", "comment": "Too small"})
    assert r.status_code == 201 and r.json()["decided_by"] == "executive"
    assert (
        as_user(cast.kam)
        .patch("/api/v1/key-accounts/00000000-0000-0000-0000-000000000000", {})
        .status_code
        == 404
    )


@pytest.mark.parametrize("extra_runs", [0, 3])
def test_lists_cost_constant_queries(
    as_user: Any,
    cast: Cast,
    run: SelectionRun,
    extra_runs: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(extra_runs):
        services.selection_run_create(
            actor=cast.director, name=f"R{i}", model=run.model, parameters=PARAMETERS, as_of=AS_OF
        )
    api = as_user(cast.director)
    api.get("/api/v1/selection-runs")
    with django_assert_num_queries(4):
        api.get("/api/v1/selection-runs")
    with django_assert_num_queries(6):
        api.get(f"/api/v1/selection-runs/{run.public_id}/results")
