"""The performance API: the same numbers as ``kamp kpi``, scope, 404 outsiders, 403 read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kamp.performance.commands import kpi_report
from kamp.performance.tests.fixtures import AS_OF, build
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_kpis_match_the_cli_and_respect_scope(client: Client, cast: Cast) -> None:
    build(cast)
    url, day = "/api/v1/kpis", AS_OF.isoformat()
    body = api_client_for(client, cast.director).get(url, as_of=day).json()
    assert body == kpi_report(AS_OF)
    scoped = api_client_for(client, cast.pcdirector).get(url, as_of=day).json()
    assert scoped["programme"]["total_revenue_12m"] == "610.00"


def test_targets_and_opportunities_permissions(client: Client, cast: Cast) -> None:
    p = build(cast)
    url = f"/api/v1/key-accounts/{p.a.public_id}/targets"
    director, viewer = api_client_for(client, cast.director), api_client_for(client, cast.viewer)
    outsider = api_client_for(client, cast.outsider)
    put = director.request("PUT", url, {"year": 2026, "revenue": "500.00"})
    assert put.status_code == 200 and put.json()["revenue"] == "500.00"
    assert viewer.request("PUT", url, {"year": 2026, "revenue": "1"}).status_code == 403
    assert outsider.get(url).status_code == 404
    assert len(viewer.get(url).json()) == 2
    gone = director.delete(f"{url}/{put.json()['id']}")
    assert gone.status_code == 204
    deal = {
        "customer_id": "A",
        "name": "Pumps",
        "amount": "1000",
        "probability": "40",
        "expected_close": "2025-09-01",
    }
    made = director.request("PUT", "/api/v1/opportunities/O-1", deal)
    assert made.status_code == 200 and made.json()["probability"] == 0.4
    assert viewer.request("PUT", "/api/v1/opportunities/O-1", deal).status_code == 403
    assert outsider.request("PUT", "/api/v1/opportunities/O-1", deal).status_code == 404
    assert outsider.get("/api/v1/opportunities").json() == []
    forecast = director.get("/api/v1/forecast", account="A", runs=200)
    assert forecast.status_code == 200 and forecast.json()["pipeline"]["deals"] >= 0
    assert outsider.get("/api/v1/forecast", account="A").status_code == 404
