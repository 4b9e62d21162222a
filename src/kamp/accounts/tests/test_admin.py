"""The read-only admin of the key-account plans opens for staff and offers no change."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["keyaccount", "accountplan", "strategicinitiative", "resourcerequest", "stakeholder"]
)
def test_staff_see_lists_without_add(client: Client, cast: Cast, model: str) -> None:
    client.force_login(cast.admin)
    assert client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:accounts_{model}_add")).status_code == 403
