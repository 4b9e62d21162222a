"""The import pages as each persona sees them: upload, preview, mapping, report, undo, exports."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kamp.customers.models import Customer, SalesFact
from kamp.customers.tests.factories import CustomerFactory
from kamp.imports.models import ImportRun, SavedMapping
from kamp.imports.tests.helpers import CUSTOMERS_CSV, run_import

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db
LIST = reverse("imports:import-list")


def upload(client: Client, kind: str, content: str, name: str = "file.csv") -> ImportRun:
    data = {"kind": kind, "file": SimpleUploadedFile(name, content.encode())}
    response = client.post(LIST, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportRun.objects.latest("created_at")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("director", 200), ("admin", 200), ("kam", 403), ("viewer", 403), ("outsider", 404)],
)
def test_only_programme_directors_and_staff_may_import(
    client: Client, cast: Cast, persona: str, status: int
) -> None:
    client.force_login(getattr(cast, persona))
    assert client.get(LIST).status_code == status


def test_the_menu_shows_imports_to_directors_only(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    assert LIST in client.get(reverse("customers:customer-list")).content.decode()
    client.force_login(cast.kam)
    assert LIST not in client.get(reverse("customers:customer-list")).content.decode()


def test_upload_previews_the_file_with_the_detected_mapping(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    run = upload(client, "customers", CUSTOMERS_CSV)
    assert run.status == ImportRun.Status.DRAFT
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Acme Iberia" in page
    assert '<option value="parent_id" selected>' in page
    assert not Customer.objects.exists()


def test_confirming_the_mapping_imports_and_shows_the_report(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    content = "Client;Raison sociale\nC1;Acme\n"
    run = upload(client, "customers", content)
    form = {"col_customer_id": "Client", "col_name": "Raison sociale"}
    response = client.post(run.get_absolute_url(), form)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED
    assert Customer.objects.get().name == "Acme"
    report = client.get(run.get_absolute_url()).content.decode()
    assert "Imported: 1 created" in report
    saved = SavedMapping.objects.get()
    assert saved.columns == {"customer_id": "Client", "name": "Raison sociale"}
    again = upload(client, "customers", content)
    assert (
        '<option value="Raison sociale" selected>'
        in client.get(again.get_absolute_url()).content.decode()
    )


def test_a_rejected_import_lists_its_problems_and_offers_them_as_csv(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.director)
    run = upload(client, "sales", "customer_id,date,revenue\nC404,2024-01-01,<b>ten</b>\n")
    client.post(
        run.get_absolute_url(),
        {"col_customer_id": "customer_id", "col_date": "date", "col_revenue": "revenue"},
    )
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REJECTED
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Unknown customer" in page
    assert "&lt;b&gt;ten&lt;/b&gt;" in page and "<b>ten</b>" not in page
    csv = client.get(reverse("imports:import-errors", args=[run.public_id])).content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[0] == "row,column,value,message"
    assert "2,customer_id,C404,Unknown customer" in csv


def test_a_large_upload_is_handed_to_the_task_worker(
    client: Client, cast: Cast, settings: object
) -> None:
    setattr(settings, "KAMP_IMPORT_INLINE_BYTES", 1)  # noqa: B010
    client.force_login(cast.director)
    run = upload(client, "customers", CUSTOMERS_CSV)
    client.post(run.get_absolute_url(), {"col_customer_id": "customer_id", "col_name": "name"})
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED  # the immediate backend ran the task
    progress = client.get(
        reverse("imports:import-progress", args=[run.public_id]), headers={"HX-Request": "true"}
    )
    assert progress["HX-Refresh"] == "true"


def test_undo_asks_for_confirmation_then_removes_the_import(client: Client, cast: Cast) -> None:
    run_import("customers", CUSTOMERS_CSV)
    run = run_import("sales", "customer_id,date,revenue\nC1,2024-01-01,10\n", actor=cast.director)
    client.force_login(cast.director)
    url = reverse("imports:import-undo", args=[run.public_id])
    assert "Undo the import?" in client.get(url).content.decode()
    assert SalesFact.objects.exists()
    assert client.post(url).status_code == 302
    assert not SalesFact.objects.exists()
    client.force_login(cast.kam)
    assert client.post(url).status_code == 403


def test_discard_refuses_get(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    run = upload(client, "customers", CUSTOMERS_CSV)
    url = reverse("imports:import-discard", args=[run.public_id])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not ImportRun.objects.exists()


def test_the_history_costs_the_same_queries_however_long(
    client: Client, cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(cast.director)
    for n in range(3):
        run_import("customers", f"customer_id,name\nC{n},Acme {n}\n", actor=cast.director)
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


def test_exports_keep_formulas_as_text(client: Client, cast: Cast) -> None:
    CustomerFactory.create(
        source_id="C1", name='=HYPERLINK("http://evil.example")', business_unit=cast.unit
    )
    client.force_login(cast.director)
    csv = client.get(reverse("imports:export", args=["customers", "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in csv
    body = client.get(reverse("imports:export", args=["customers", "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    cell = sheet["B2"]
    assert cell.value == '\'=HYPERLINK("http://evil.example")'  # as in the CSV: one rule
    assert cell.data_type == "s"
    client.force_login(cast.outsider)
    assert client.get(reverse("imports:export", args=["customers", "csv"])).status_code == 404
