"""Staff see change management in the admin, read-only; pulse answers are not there."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import NoReverseMatch, reverse

from kamp.change import services

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_staff_read_rows_and_cannot_change_them(client: Client, cast: Cast) -> None:
    services.assessment_create(actor=cast.director, title="Y1", assessed_on=dt.date(2026, 3, 2))
    services.concern_create(actor=cast.kam, kind="idea", text="Newsletter")
    client.force_login(cast.admin)
    for name in ["assessment", "concern", "improvementaction", "announcement", "pulsesurvey"]:
        assert client.get(reverse(f"admin:change_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:change_assessment_add")).status_code == 403
    for name in ["pulseresponse", "pulseparticipation"]:
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:change_{name}_changelist")
