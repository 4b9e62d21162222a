"""Resource requests: the KAM asks a profit centre, its director answers from the inbox."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kamp.accounts import selectors, services
from kamp.accounts.models import KeyAccount, ResourceRequest, StrategicInitiative
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import CustomerFactory
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(cast: Cast) -> StrategicInitiative:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.other_unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam)
    account.refresh_from_db()
    return services.initiative_create(actor=cast.kam, key_account=account, title="Lab")


def _ask(cast: Cast, initiative: StrategicInitiative, amount: int = 40) -> ResourceRequest:
    return services.resource_request_create(
        actor=cast.kam,
        initiative=initiative,
        business_unit=cast.unit,
        kind="people_days",
        amount=Decimal(amount),
        period="2026-H1",
    )


def _answer(cast: Cast, r: ResourceRequest, decision: str, **kw: object) -> ResourceRequest:
    return services.resource_request_answer(
        actor=cast.pcdirector,
        request=r,
        version=r.version,
        decision=decision,
        **kw,  # type: ignore[arg-type]
    )


def test_the_director_of_the_unit_asked_sees_and_answers(
    cast: Cast, initiative: StrategicInitiative
) -> None:
    r = _ask(cast, initiative)
    # The account belongs to another unit, but the request is addressed to the director's.
    assert list(
        ResourceRequest.objects.visible_to(cast.pcdirector).to_answer_by(cast.pcdirector)
    ) == [r]
    _answer(cast, r, "committed")
    assert (r.status, r.committed_amount) == ("committed", Decimal(40))
    with pytest.raises(ValidationError, match="already been answered"):
        _answer(cast, r, "declined", comment="No")


def test_partial_and_declined_answers_need_a_reason(
    cast: Cast, initiative: StrategicInitiative
) -> None:
    r = _ask(cast, initiative)
    with pytest.raises(ValidationError, match="Say why"):
        _answer(cast, r, "partly_committed", committed_amount=Decimal(10))
    with pytest.raises(ValidationError, match="less than asked"):
        _answer(cast, r, "partly_committed", committed_amount=Decimal(40), comment="Busy")
    _answer(cast, r, "partly_committed", committed_amount=Decimal(25), comment="Busy")
    assert r.gap == Decimal(15)
    other = _ask(cast, initiative, 10)
    _answer(cast, other, "declined", comment="No budget")
    assert other.committed_amount == 0


@pytest.mark.parametrize("persona", ["kam", "executive", "viewer", "member", "outsider"])
def test_only_the_units_director_answers(
    cast: Cast, initiative: StrategicInitiative, persona: str
) -> None:
    r = _ask(cast, initiative)
    with pytest.raises(PermissionDenied):
        services.resource_request_answer(
            actor=getattr(cast, persona), request=r, version=1, decision="committed"
        )


def test_only_the_initiatives_editors_ask(cast: Cast, initiative: StrategicInitiative) -> None:
    with pytest.raises(PermissionDenied):
        services.resource_request_create(
            actor=cast.pcdirector,
            initiative=initiative,
            business_unit=cast.unit,
            kind="budget",
            amount=Decimal(1),
            period="2026",
        )


def test_alignment_adds_up_asked_committed_and_gaps(
    cast: Cast, initiative: StrategicInitiative
) -> None:
    _answer(
        cast,
        _ask(cast, initiative, 40),
        "partly_committed",
        committed_amount=Decimal(30),
        comment="x",
    )
    _ask(cast, initiative, 20)
    data = selectors.resource_alignment(cast.director)
    (row,) = data["by_unit"]
    assert (row["asked"], row["committed"], row["gap"], row["pending"]) == (60, 30, 30, 1)
    assert [r.amount for r in data["waiting"]] == [20]


def test_inbox_and_alignment_pages(
    client: Client,
    cast: Cast,
    initiative: StrategicInitiative,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client.force_login(cast.kam)
    add = reverse("accounts:resource-request-add", args=[initiative.public_id])
    data = {"business_unit": cast.unit.pk, "kind": "budget", "amount": "5000", "period": "2026"}
    assert client.post(add, data).status_code == 302
    client.force_login(cast.pcdirector)
    inbox = reverse("accounts:resource-inbox")
    assert "Lab" in client.get(inbox).content.decode()
    r = ResourceRequest.objects.get()
    answer = reverse("accounts:resource-request-answer", args=[r.public_id])
    body = {"version": 1, "decision": "committed"}
    assert client.post(answer, body, headers={"HX-Request": "true"}).status_code == 200
    r.refresh_from_db()
    assert r.status == "committed"
    for _n in range(3):
        _ask(cast, initiative)
    with django_assert_num_queries(4):
        assert client.get(inbox).status_code == 200
    for _n in range(3):
        _ask(cast, initiative)
    with django_assert_num_queries(4):
        assert client.get(inbox).status_code == 200
    with django_assert_num_queries(7):
        assert "5,000" in client.get(reverse("accounts:resource-alignment")).content.decode()
    client.force_login(cast.outsider)
    assert client.post(answer, body).status_code == 404
    client.force_login(cast.viewer)
    assert client.post(answer, body).status_code == 403
    client.force_login(cast.kam)
    assert client.post(answer, body).status_code == 403


def test_the_resource_api(client: Client, cast: Cast, initiative: StrategicInitiative) -> None:
    kam = api_client_for(client, cast.kam)
    path = f"/api/v1/initiatives/{initiative.public_id}/resource-requests"
    body = {"business_unit": "IND", "kind": "people_days", "amount": 12, "period": "2026"}
    r = kam.post(path, body)
    assert r.status_code == 201, r.content
    assert kam.post(path, {**body, "business_unit": "NOPE"}).status_code == 422
    pc = api_client_for(client, cast.pcdirector)
    inbox = pc.get("/api/v1/resource-requests", to_answer="true").json()
    assert inbox["count"] == 1
    answer = f"/api/v1/resource-requests/{r.json()['id']}/answer"
    assert kam.post(answer, {"version": 1, "decision": "committed"}).status_code == 403
    done = pc.post(answer, {"version": 1, "decision": "declined", "comment": "Full"})
    assert done.json()["status"] == "declined"
    alignment = kam.get("/api/v1/resource-alignment").json()
    assert alignment["by_unit"][0]["gap"] == 12
    assert kam.get(path).json()["count"] == 1
