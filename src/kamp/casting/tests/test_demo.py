"""The demo produces each decision, a plan for the trained person, and a proposal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kamp.casting.commands import casting_assign, casting_report
from kamp.casting.demo import demo_casting_ensure
from kamp.casting.models import DevelopmentAction
from kamp.casting.tests.factories import kam2, key_accounts
from kamp.core.models import AuditEvent

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_demo_gives_each_decision_and_is_idempotent(cast: Cast) -> None:
    key_accounts(cast, kam2())
    first = demo_casting_ensure()
    assert demo_casting_ensure() == first
    report = casting_report(None)
    decisions = {p["person"]: (p["fit"], p["decision"]) for p in report["people"]}
    assert decisions == {
        "kam": (1.0, "keep"),
        "kam2": (0.875, "train"),
        "member": (0.9167, "transfer_hire"),
    }
    assert report["vacancies"] == [
        {"profile": "Key account manager (growth)", "replaces": "member"}
    ]
    sophie = next(p for p in report["people"] if p["person"] == "kam2")
    assert {"competency": "seller", "required": 4, "attained": 3, "gap": -1, "critical": True} in (
        sophie["gaps"]
    )
    assert DevelopmentAction.objects.filter(person__user__username="kam2").count() == 2
    assert casting_report("nobody")["people"] == []
    assert AuditEvent.objects.filter(action="casting.proposal.create").count() == 1
    result = casting_assign()
    assert {a["account"] for a in result["assignments"]} == {
        "Alimentos", "Conservas", "Eaux", "Aqua"
    }  # fmt: skip
    # kam2 speaks Spanish: the Spanish accounts move to her, within her capacity
    moves = {a["account"]: (a["current"], a["kam"], a["changed"]) for a in result["assignments"]}
    assert moves == {
        "Alimentos": ("kam", "kam2", True),
        "Conservas": ("kam", "kam2", True),
        "Eaux": ("kam2", "kam2", False),
        "Aqua": ("kam2", "kam2", False),
    }
