"""The imports API: upload returns a job to poll, history, undo; responses match the schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kamp.customers.models import SalesFact
from kamp.imports.tests.helpers import CUSTOMERS_CSV, run_import
from kamp.users.services import token_create
from tests.openapi import api_client_for, assert_matches_schema

if TYPE_CHECKING:
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast
    from kamp.users.models import User

pytestmark = pytest.mark.django_db
IMPORTS = "/api/v1/imports"


def post_file(client: Client, user: User, content: str, **fields: Any) -> TestResponse:
    _token, raw = token_create(actor=user, user=user, name="tests")
    data = {"file": SimpleUploadedFile("sales.csv", content.encode()), **fields}
    response = client.post(IMPORTS, data, headers={"Authorization": f"Bearer {raw}"})
    assert_matches_schema(IMPORTS, "POST", response.status_code, response.content)
    return response


def test_an_upload_returns_a_job_that_ends_with_the_summary(client: Client, cast: Cast) -> None:
    run_import("customers", CUSTOMERS_CSV)
    response = post_file(
        client, cast.director, "customer_id,date,revenue\nC1,2024-01-01,10.5\n", kind="sales"
    )
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "imported"
    assert job["summary"]["revenue_total"] == 10.5
    polled = api_client_for(client, cast.director).get(job["url"])
    assert polled.json()["id"] == job["id"]


def test_a_rejected_upload_reports_rows_columns_and_values(client: Client, cast: Cast) -> None:
    job = post_file(
        client, cast.director, "customer_id,date,revenue\nC404,2024-01-01,x\n", kind="sales"
    ).json()
    assert job["status"] == "rejected"
    assert {(e["row"], e["column"], e["value"]) for e in job["summary"]["errors"]} == {
        (2, "customer_id", "C404"),
        (2, "revenue", "x"),
    }


def test_a_mapping_can_come_with_the_upload(client: Client, cast: Cast) -> None:
    mapping = 'kind = "customers"\n[columns]\ncustomer_id = "Code"\nname = "Société"\n'
    job = post_file(
        client, cast.director, "Code;Société\nC1;Acme\n", kind="customers", mapping=mapping
    ).json()
    assert job["status"] == "imported", job
    bad = post_file(client, cast.director, "x", kind="customers", mapping="kind = 'sales'")
    assert bad.status_code == 422


def test_only_directors_and_staff_may_use_it(client: Client, cast: Cast) -> None:
    assert post_file(client, cast.kam, "x\n", kind="sales").status_code == 403
    assert post_file(client, cast.outsider, "x\n", kind="sales").status_code == 404
    run = run_import("customers", CUSTOMERS_CSV)
    assert api_client_for(client, cast.viewer).get(f"{IMPORTS}/{run.public_id}").status_code == 403
    assert api_client_for(client, cast.admin).get(IMPORTS).json()["count"] == 1


def test_undo_through_the_api(client: Client, cast: Cast) -> None:
    run_import("customers", CUSTOMERS_CSV)
    run = run_import("sales", "customer_id,date,revenue\nC1,2024-01-01,10\n")
    api = api_client_for(client, cast.director)
    assert api.post(f"{IMPORTS}/{run.public_id}/undo", {}).json()["status"] == "undone"
    assert not SalesFact.objects.exists()
    assert api.post(f"{IMPORTS}/{run.public_id}/undo", {}).status_code == 422
