"""Importing a file through the real upload page: preview, mapping, report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

from kamp.customers.models import Customer

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.fixtures import Settings

    from conftest import Cast
    from kamp.users.models import User

SPANISH = (
    "Informe de clientes\n\n"
    "Cód. Cliente;Razón social;País\nC1;Acme Ibérica;España\nC2;Borealis;Francia\n"
)


def test_upload_confirm_the_mapping_and_read_the_report(
    page: Page, cast: Cast, log_in: Callable[[User], None], settings: Settings, tmp_path: Path
) -> None:
    settings.KAMP_IMPORT_DIR = tmp_path
    source = tmp_path / "clientes.csv"
    source.write_bytes(SPANISH.encode("cp1252"))
    log_in(cast.director)
    page.get_by_role("link", name="Imports").click()

    page.select_option("select[name=kind]", "customers")
    page.set_input_files("input[name=file]", str(source))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("cell", name="Acme Ibérica")).to_be_visible()
    expect(page.locator("select[name=col_customer_id]")).to_have_value("Cód. Cliente")
    expect(page.locator("select[name=col_country]")).to_have_value("País")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Imported: 2 created")).to_be_visible()
    assert sorted(Customer.objects.values_list("name", flat=True)) == ["Acme Ibérica", "Borealis"]
