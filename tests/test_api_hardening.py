"""Issue 11: control characters refused at the API, files that survive stored ones, bounded paging
and JSON 500s under /api/ wherever the crash happens."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING
from unittest import mock

import polars as pl
import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from docx import Document as read_docx
from openpyxl import load_workbook

from kamp.accounts.exports import build_plan_xlsx
from kamp.core.api import MAX_OFFSET
from kamp.core.spreadsheets import printable
from kamp.customers.forms import ContactForm
from kamp.customers.models import Contact
from kamp.customers.tests.factories import CustomerFactory
from kamp.documents.builders.docx import build_docx
from kamp.documents.builders.xlsx import build_xlsx
from kamp.documents.content import Document, Section, Table
from kamp.imports.exports import to_xlsx
from kamp.users.services import token_create

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.users.models import User

pytestmark = pytest.mark.django_db


def _token(user: User) -> dict[str, str]:
    _t, raw = token_create(actor=user, user=user, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def _post(client: Client, user: User, path: str, body: object, method: str = "POST") -> object:
    return client.generic(
        method, path, json.dumps(body), content_type="application/json", headers=_token(user)
    )


#
# Control characters
#


@pytest.mark.parametrize("bad", ["Ana\x00García", "Ana\x01", "Ana\x1b[31m", "\x0bAna"])
def test_the_api_refuses_control_characters_naming_the_field(
    client: Client, cast: Cast, bad: str
) -> None:
    customer = CustomerFactory.create(business_unit=cast.unit)
    path = f"/api/v1/customers/{customer.public_id}/contacts"
    r = _post(client, cast.director, path, {"name": bad, "title": "Buyer"})
    assert r.status_code == 422  # type: ignore[attr-defined]
    (error,) = r.json()["detail"]  # type: ignore[attr-defined]
    assert error["loc"] == ["body", "name"]
    assert error["type"] == "control_character"
    assert not Contact.objects.exists()


def test_nested_values_and_query_strings_are_checked_too(client: Client, cast: Cast) -> None:
    customer = CustomerFactory.create(business_unit=cast.unit)
    path = f"/api/v1/customers/{customer.public_id}"
    r = _post(client, cast.director, path, {"attributes": {"notes": ["ok", "b\x00d"]}}, "PATCH")
    assert r.status_code == 422  # type: ignore[attr-defined]
    assert r.json()["detail"][0]["loc"] == ["body", "attributes", "notes", 1]  # type: ignore[attr-defined]
    listed = client.get("/api/v1/customers", {"q": "a\x00b"}, headers=_token(cast.director))
    assert listed.status_code == 422
    assert listed.json()["detail"][0]["loc"] == ["query", "q"]


def test_tabs_and_newlines_stay_allowed(client: Client, cast: Cast) -> None:
    customer = CustomerFactory.create(business_unit=cast.unit)
    path = f"/api/v1/customers/{customer.public_id}/contacts"
    r = _post(client, cast.director, path, {"name": "Ana", "title": "Head of\tbuying\r\n(EMEA)"})
    assert r.status_code == 201  # type: ignore[attr-defined]


def test_html_forms_refuse_nul_already(cast: Cast) -> None:
    form = ContactForm(data={"name": "Ana\x00"}, customer=CustomerFactory.create())
    assert not form.is_valid()
    assert "name" in form.errors


def test_printable_drops_control_characters_but_tabs_and_newlines() -> None:
    assert printable("a\x00b\x07c\td\ne\rf\x1f") == "ab" + "c\td\ne\rf"


def test_files_survive_text_already_stored_with_control_characters(cast: Cast) -> None:
    bad = "Acme\x00 \x01Iberia"
    document = Document(
        title=bad,
        subtitle=bad,
        language="en",
        sections=[
            Section(
                heading=bad,
                facts=[(bad, bad)],
                paragraphs=[bad],
                bullets=[bad],
                table=Table(headers=[bad], rows=[[bad]]),
            )
        ],
        footer=bad,
    )
    words = read_docx(io.BytesIO(build_docx(document)))
    assert "Acme Iberia" in [p.text for p in words.paragraphs]
    book = load_workbook(io.BytesIO(build_xlsx(document)))
    assert book.worksheets[0]["A1"].value == "Acme Iberia"

    sheet = load_workbook(io.BytesIO(to_xlsx(pl.DataFrame({"name": [bad]}), title="x"))).active
    assert sheet is not None
    assert sheet["A2"].value == "Acme Iberia"

    plan = build_plan_xlsx(
        {
            "title": bad,
            "facts": [(bad, bad)],
            "sections": [(bad, bad)],
            "profit_plan": [],
            "initiatives": [(bad, bad, bad, None, None)],
        }
    )
    assert load_workbook(io.BytesIO(plan)).worksheets[0]["A1"].value is not None


def test_customers_stored_with_control_characters_still_export(client: Client, cast: Cast) -> None:
    CustomerFactory.create(name="Acme\x01 Iberia", business_unit=cast.unit)
    client.force_login(cast.director)
    export = client.get(reverse("imports:export", args=["customers", "xlsx"]))
    assert export.status_code == 200
    rows = load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)
    assert any("Acme Iberia" in row for row in rows)


#
# Paging bounds
#


@pytest.mark.parametrize("offset", [2**63, 2**64, MAX_OFFSET + 1, -1])
def test_an_absurd_offset_is_a_422_not_a_crash(client: Client, cast: Cast, offset: int) -> None:
    r = client.get("/api/v1/customers", {"offset": offset}, headers=_token(cast.director))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "offset"]


def test_the_largest_offset_answers_an_empty_page(client: Client, cast: Cast) -> None:
    CustomerFactory.create()
    r = client.get("/api/v1/customers", {"offset": MAX_OFFSET}, headers=_token(cast.director))
    assert r.status_code == 200
    assert r.json()["items"] == []


#
# JSON 500 outside operations
#


def test_a_crash_before_the_api_answers_json(cast: Cast) -> None:
    """A database error while a middleware loads the session: no operation runs, still JSON."""
    client = Client(raise_request_exception=False)
    client.force_login(cast.director)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=DatabaseError("the database is gone"),
    ):
        api = client.get("/api/v1/customers")
        page = client.get("/customers/")
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json; charset=utf-8"
    assert api.json() == {"detail": "Server error."}
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")
