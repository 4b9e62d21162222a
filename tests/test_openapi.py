"""The OpenAPI schema generates, is served, and documents every operation's answers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from jsonschema import Draft202012Validator

from kamp.api import api
from tests.openapi import assert_matches_schema, find_operation, openapi_schema

if TYPE_CHECKING:
    from django.test import Client


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in openapi_schema()["paths"].items()
        for method, operation in methods.items()
    ]


def test_it_generates_the_schema() -> None:
    schema = api.get_openapi_schema()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "kamp API"
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_every_path_is_versioned() -> None:
    assert all(path.startswith("/api/v1/") for path in openapi_schema()["paths"])


def test_it_offers_the_endpoints_the_issue_asks_for() -> None:
    expected = {
        ("/api/v1/customers", "get"),
        ("/api/v1/customers/{customer_id}", "get"),
        ("/api/v1/customers/{customer_id}", "patch"),
        ("/api/v1/groups", "get"),
        ("/api/v1/groups/{customer_id}", "get"),
        ("/api/v1/customers/{customer_id}/contacts", "get"),
        ("/api/v1/customers/{customer_id}/contacts", "post"),
        ("/api/v1/contacts/{contact_id}", "get"),
        ("/api/v1/contacts/{contact_id}", "patch"),
        ("/api/v1/contacts/{contact_id}", "delete"),
        ("/api/v1/customers/{customer_id}/sales-summary", "get"),
        # Selection (issue 4) and key accounts
        ("/api/v1/segments", "get"),
        ("/api/v1/segments", "post"),
        ("/api/v1/segments/{segment_id}", "get"),
        ("/api/v1/segments/{segment_id}", "patch"),
        ("/api/v1/segments/{segment_id}", "delete"),
        ("/api/v1/scoring-models", "get"),
        ("/api/v1/scoring-models", "post"),
        ("/api/v1/scoring-models/{model_id}", "get"),
        ("/api/v1/manual-scores", "post"),
        ("/api/v1/selection-runs", "get"),
        ("/api/v1/selection-runs", "post"),
        ("/api/v1/selection-runs/{run_id}", "get"),
        ("/api/v1/selection-runs/{run_id}", "delete"),
        ("/api/v1/selection-runs/{run_id}/submit", "post"),
        ("/api/v1/selection-runs/{run_id}/results", "get"),
        ("/api/v1/selection-runs/{run_id}/compare/{other_id}", "get"),
        ("/api/v1/selection-results/{result_id}", "get"),
        ("/api/v1/selection-results/{result_id}/validation", "post"),
        ("/api/v1/key-accounts", "get"),
        ("/api/v1/key-accounts/{key_account_id}", "get"),
        ("/api/v1/key-accounts/{key_account_id}", "patch"),
        ("/api/v1/key-accounts/{key_account_id}/profile", "put"),
        ("/api/v1/key-accounts/{key_account_id}/stage-history", "get"),
        ("/api/v1/plans/{plan_id}/revisions", "get"),
        ("/api/v1/key-accounts/{key_account_id}/initiatives", "get"),
        ("/api/v1/key-accounts/{key_account_id}/initiatives", "post"),
        ("/api/v1/initiatives", "get"),
        ("/api/v1/initiatives/{initiative_id}", "get"),
        ("/api/v1/initiatives/{initiative_id}", "patch"),
        ("/api/v1/initiatives/{initiative_id}/transitions", "post"),
        ("/api/v1/initiatives/{initiative_id}/comments", "post"),
        ("/api/v1/initiatives/{initiative_id}/milestones", "post"),
        ("/api/v1/milestones/{milestone_id}", "patch"),
        ("/api/v1/initiatives/{initiative_id}/actions", "post"),
        ("/api/v1/initiative-actions", "get"),
        ("/api/v1/initiative-actions/{action_id}", "patch"),
        ("/api/v1/key-accounts/{key_account_id}/plans", "get"),
        ("/api/v1/key-accounts/{key_account_id}/plans", "post"),
        ("/api/v1/plans/{plan_id}", "get"),
        ("/api/v1/plans/{plan_id}", "patch"),
        ("/api/v1/plans/{plan_id}/targets", "put"),
        ("/api/v1/plans/{plan_id}/copy", "post"),
        ("/api/v1/initiatives/{initiative_id}/resource-requests", "get"),
        ("/api/v1/initiatives/{initiative_id}/resource-requests", "post"),
        ("/api/v1/resource-requests", "get"),
        ("/api/v1/resource-requests/{request_id}/answer", "post"),
        ("/api/v1/resource-alignment", "get"),
        ("/api/v1/key-accounts/{key_account_id}/stakeholder-map", "get"),
        ("/api/v1/key-accounts/{key_account_id}/stakeholders", "post"),
        ("/api/v1/stakeholders/{stakeholder_id}", "patch"),
        ("/api/v1/stakeholders/{stakeholder_id}", "delete"),
        ("/api/v1/key-accounts/{key_account_id}/white-space", "get"),
        ("/api/v1/key-accounts/{key_account_id}/white-space/cells", "put"),
        ("/api/v1/key-accounts/{key_account_id}/team", "get"),
        ("/api/v1/key-accounts/{key_account_id}/team", "post"),
        ("/api/v1/key-accounts/{key_account_id}/raci", "put"),
        ("/api/v1/team-members/{member_id}", "delete"),
        # Imports (issue 3)
        ("/api/v1/imports", "get"),
        ("/api/v1/imports", "post"),
        ("/api/v1/imports/{import_id}", "get"),
        ("/api/v1/imports/{import_id}/undo", "post"),
        # Programme, sponsorship and documents (issue 6)
        ("/api/v1/programme/charter", "get"),
        ("/api/v1/programme/reviews", "get"),
        ("/api/v1/programme/reviews", "post"),
        ("/api/v1/programme/reviews/{review_id}", "get"),
        ("/api/v1/programme/reviews/{review_id}/validations", "post"),
        ("/api/v1/programme/sponsorship", "get"),
        ("/api/v1/key-accounts/{key_account_id}/engagements", "post"),
        ("/api/v1/documents/{kind}", "get"),
        ("/api/v1/company", "get"),
        ("/api/v1/company", "patch"),
        ("/api/v1/key-accounts/{key_account_id}/documents/{kind}", "get"),
        ("/api/v1/casting/frameworks", "get"),
        ("/api/v1/casting/frameworks/{framework_id}", "get"),
        ("/api/v1/casting/profiles", "get"),
        ("/api/v1/casting/profiles/derive", "post"),
        ("/api/v1/casting/profiles/{profile_id}", "put"),
        ("/api/v1/casting/people", "get"),
        ("/api/v1/casting/people", "post"),
        ("/api/v1/casting/people/{person_id}", "get"),
        ("/api/v1/casting/people/{person_id}", "patch"),
        ("/api/v1/casting/campaigns", "get"),
        ("/api/v1/casting/campaigns", "post"),
        ("/api/v1/casting/campaigns/{campaign_id}/close", "post"),
        ("/api/v1/casting/campaigns/{campaign_id}/open", "post"),
        ("/api/v1/casting/assessments/{assessment_id}", "get"),
        ("/api/v1/casting/assessments/{assessment_id}/ratings", "post"),
        ("/api/v1/casting/assessments/{assessment_id}/close", "post"),
        ("/api/v1/casting/proposals", "post"),
        ("/api/v1/casting/proposals/{proposal_id}", "get"),
        ("/api/v1/casting/proposals/{proposal_id}/accept", "post"),
        ("/api/v1/change/maturity", "get"),
        ("/api/v1/change/assessments", "get"),
        ("/api/v1/change/assessments/{assessment_id}/ratings", "post"),
        ("/api/v1/change/announcements", "get"),
        ("/api/v1/change/announcements/{announcement_id}/read", "post"),
        ("/api/v1/change/pulses/{pulse_id}/results", "get"),
        ("/api/v1/change/pulses/{pulse_id}/answers", "post"),
        ("/api/v1/change/concerns", "get"),
        ("/api/v1/change/concerns", "post"),
        # Performance (issue 12)
        ("/api/v1/kpis", "get"),
        ("/api/v1/forecast", "get"),
        ("/api/v1/opportunities", "get"),
        ("/api/v1/opportunities/{opportunity_id}", "put"),
        ("/api/v1/key-accounts/{key_account_id}/targets", "get"),
        ("/api/v1/key-accounts/{key_account_id}/targets", "put"),
        ("/api/v1/key-accounts/{key_account_id}/targets/{target_id}", "delete"),
        # Personal data (issue 11)
        ("/api/v1/contacts/{contact_id}/personal-data", "get"),
        ("/api/v1/contacts/{contact_id}/erase", "post"),
    }
    assert {(path, method) for path, method, _op in operations()} == expected


@pytest.mark.parametrize(("path", "method", "operation"), operations())
def test_every_operation_needs_auth_and_documents_its_errors(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    assert {next(iter(s)) for s in operation["security"]} == {"TokenAuth", "SessionAuth"}
    assert {"401", "422"} <= set(operation["responses"])
    if "{" in path:
        assert "404" in operation["responses"]
    if method != "get":
        assert "403" in operation["responses"]
    assert operation.get("description") or operation.get("summary")


def test_every_component_is_a_valid_json_schema() -> None:
    for schema in openapi_schema()["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)  # raises SchemaError, naming the problem


def test_it_serves_the_schema_without_login(client: Client) -> None:
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    assert json.loads(r.content)["paths"].keys() == openapi_schema()["paths"].keys()


def test_it_serves_the_docs_without_login(client: Client) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert b"/api/openapi.json" in r.content


def test_the_validator_catches_a_response_that_breaks_the_schema() -> None:
    find_operation("/api/v1/customers", "GET")
    with pytest.raises(AssertionError, match="does not match its schema"):
        assert_matches_schema("/api/v1/customers", "GET", 200, b'{"count": "many"}')
    with pytest.raises(AssertionError, match="undocumented"):
        assert_matches_schema("/api/v1/customers", "GET", 418, b"{}")
    with pytest.raises(AssertionError, match="not in the OpenAPI schema"):
        find_operation("/api/v1/secrets", "GET")


def test_unknown_api_urls_answer_json_404(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_docs_page_loads_its_assets_from_kamp_itself(client: Client) -> None:
    body = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()
