"""Document downloads through the API: format, language, scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kamp.documents.tests.readers import READERS
from kamp.users.services import token_create
from tests.openapi import find_operation

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.accounts.models import KeyAccount
    from kamp.users.models import User

pytestmark = pytest.mark.django_db


def _headers(user: User) -> dict[str, str]:
    _token, raw = token_create(actor=user, user=user, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def test_it_downloads_a_brief_in_the_language_asked(
    client: Client, cast: Cast, account: KeyAccount, hidden: KeyAccount
) -> None:
    headers = _headers(cast.pcdirector)
    url = f"/api/v1/key-accounts/{account.public_id}/documents/brief"
    response = client.get(url, {"format": "pptx", "language": "es"}, headers=headers)
    assert response.status_code == 200
    assert "presentationml" in response["Content-Type"]
    assert "Oro" in READERS["pptx"](response.content)
    theirs = f"/api/v1/key-accounts/{hidden.public_id}/documents/brief"
    assert client.get(theirs, headers=headers).status_code == 404
    assert client.get(url, {"format": "xlsx"}, headers=headers).status_code == 422
    assert "200" in find_operation(url, "GET")["responses"]


def test_it_downloads_the_sponsorship_plan(client: Client, cast: Cast, account: KeyAccount) -> None:
    response = client.get(
        "/api/v1/documents/sponsorship-plan", {"format": "xlsx"}, headers=_headers(cast.executive)
    )
    assert response.status_code == 200 and "Acme Group" in READERS["xlsx"](response.content)
    outsider = client.get("/api/v1/documents/summary", headers=_headers(cast.outsider))
    assert outsider.status_code == 404
