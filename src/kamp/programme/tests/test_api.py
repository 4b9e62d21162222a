"""The programme API: charter, reviews and validations, sponsorship plan, engagements."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kamp.programme import services
from kamp.programme.tests.test_sponsorship import TODAY, sponsored
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_director_plans_a_review_and_an_executive_validates_points(
    client: Client, cast: Cast
) -> None:
    director = api_client_for(client, cast.director)
    body = {"title": "Q3 steering", "held_on": "2026-09-01", "attendees": ["executive"]}
    made = director.post("/api/v1/programme/reviews", body)
    assert made.status_code == 201 and made.json()["attendees"] == ["executive"]
    review_id = made.json()["id"]
    account = sponsored(cast, "Acme", "gold")
    executive = api_client_for(client, cast.executive)
    decision = {"point": "tiers", "decision": "validated", "key_account": str(account.public_id)}
    answer = executive.post(f"/api/v1/programme/reviews/{review_id}/validations", decision)
    assert answer.status_code == 201 and answer.json()["decided_by"] == "executive"
    got = executive.get(f"/api/v1/programme/reviews/{review_id}").json()
    assert got["status"] == "held" and got["validations"][0]["point"] == "tiers"
    assert executive.post("/api/v1/programme/reviews", body).status_code == 403
    bad = executive.post(
        f"/api/v1/programme/reviews/{review_id}/validations", {"point": "x", "decision": "y"}
    )
    assert bad.status_code == 422


def test_reads_follow_roles_and_scope(client: Client, cast: Cast) -> None:
    services.charter_update(actor=cast.director, name="KAM 2027")
    sponsored(cast, "Acme Ours", "gold")
    sponsored(cast, "Beta Theirs", "silver", unit="other_unit")
    pcdirector = api_client_for(client, cast.pcdirector)
    assert pcdirector.get("/api/v1/programme/charter").json()["name"] == "KAM 2027"
    plan = pcdirector.get("/api/v1/programme/sponsorship").json()
    assert [row["account"] for row in plan["accounts"]] == ["Acme Ours"]
    assert pcdirector.get("/api/v1/programme/reviews").json()["count"] == 0
    outsider = api_client_for(client, cast.outsider)
    assert outsider.get("/api/v1/programme/charter").status_code == 404
    assert outsider.get("/api/v1/programme/sponsorship").status_code == 404


def test_the_sponsor_logs_an_engagement(client: Client, cast: Cast) -> None:
    account = sponsored(cast, "Acme", "gold")
    url = f"/api/v1/key-accounts/{account.public_id}/engagements"
    body = {"kind": "meeting", "held_on": TODAY.isoformat(), "summary": "QBR"}
    made = api_client_for(client, cast.executive).post(url, body)
    assert made.status_code == 201 and made.json()["sponsor"] == "executive"
    assert api_client_for(client, cast.kam).post(url, body).status_code == 403


def test_schema_names_are_unique_across_the_api() -> None:
    """ninja names OpenAPI components after classes: two ``ValidationOut`` would overwrite."""
    import inspect
    import sys

    from ninja import Schema

    import kamp.api  # noqa: F401 (imports every router and its schemas)

    owners: dict[str, set[str]] = {}
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("kamp.") or not module_name.endswith((".schemas", ".api")):
            continue
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module_name
            ):
                owners.setdefault(name, set()).add(module_name)
    assert {name: mods for name, mods in owners.items() if len(mods) > 1} == {}
