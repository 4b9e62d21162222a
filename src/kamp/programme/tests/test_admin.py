"""Staff see the programme's rows in the admin, read-only."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from kamp.programme import services

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "programme_steeringreview",
        "programme_engagement",
        "programme_milestone",
        "programme_charter",
        "documents_briefpack",
    ],
)
def test_staff_read_programme_rows(client: Client, cast: Cast, name: str) -> None:
    services.review_create(actor=cast.director, title="Kick-off", held_on=dt.date(2026, 3, 2))
    client.force_login(cast.admin)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403
