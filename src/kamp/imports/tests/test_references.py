"""Reference values in English, Spanish and French, and the new values listed before creation."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kamp.customers.models import Customer, SalesFact
from kamp.imports.mapping import detect_columns
from kamp.imports.references import INDUSTRY_NAMES, code_aliases, fold, industry_aliases
from kamp.imports.tests.helpers import CUSTOMERS_CSV, run_import
from kamp.organisation.models import ProductLine
from kamp.organisation.services import business_unit_create, product_line_create

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast


@pytest.mark.parametrize(
    "header",
    ["Cód. Matriz", "Cod. matriz", "Código matriz", "Codigo matriz", "Code maison mère"],
)
def test_the_parent_column_is_recognised_in_spanish_and_french(header: str) -> None:
    found = detect_columns("customers", ["Cód. Cliente", "Nombre", header, "País"])
    assert found["parent_id"] == header


@pytest.mark.parametrize(
    "value", ["Construcción", "Construction (FR)", "CONSTRUCCION", " construction ", "BTP"]
)
def test_an_industry_in_any_language_maps_onto_the_one_kamp_holds(value: str) -> None:
    assert industry_aliases(["Construction"])[fold(value)] == "Construction"


def test_a_stored_spelling_wins_over_the_english_name() -> None:
    table = industry_aliases(["Food and Beverage"])
    assert table[fold("Alimentación y bebidas")] == "Food and Beverage"
    assert table[fold("Logística")] == "Logistics"


def test_units_and_lines_are_found_by_code_or_name_in_any_case() -> None:
    table = code_aliases([("IND", "Industrial"), ("ENE", "Energía")])
    assert table[fold("ind")] == "IND"
    assert table[fold("INDUSTRIAL")] == "IND"
    assert table[fold("energia")] == "ENE"


words = st.text(alphabet=st.sampled_from("abcdeéèñçôü &-ÁÉ"), min_size=1, max_size=30)


@given(words)
def test_fold_ignores_case_and_accents_and_is_idempotent(value: str) -> None:
    bare = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    assert fold(value) == fold(bare.upper()) == fold(fold(value))


@given(st.sampled_from(sorted(INDUSTRY_NAMES)), st.data())
def test_every_listed_name_maps_onto_its_industry(english: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from((english, *INDUSTRY_NAMES[english])))
    assert industry_aliases([])[fold(name)] == english


CUSTOMERS_ES = """Cód. Cliente;Nombre;Código matriz;País;Industria;Unidad de negocio
C10;Obras Norte;;Alemania;Construcción;industrial
C11;Bâtiments Est;C10;Allemagne;Construction (FR);IND
C12;Bau GmbH;C10;DE;CONSTRUCCION;Industrial
C13;Quantum SL;;España;Computación cuántica;Nueva unidad
"""


@pytest.mark.django_db
def test_reference_values_in_spanish_and_french_map_onto_what_kamp_holds() -> None:
    run_import("customers", CUSTOMERS_CSV)
    unit = business_unit_create(actor=None, code="IND", name="Industrial")
    run = run_import("customers", CUSTOMERS_ES, name="clientes.csv")
    assert run.status == "imported", run.errors
    rows = {c.source_id: c for c in Customer.objects.select_related("country", "parent")}
    for source_id in ("C10", "C11", "C12"):
        assert rows[source_id].industry == "Construction"
        country = rows[source_id].country
        assert country is not None
        assert country.code == "DE"
        assert rows[source_id].business_unit_id == unit.pk
    assert rows["C11"].parent == rows["C10"]
    assert run.new_values == [
        {"kind": "business_unit", "value": "Nueva unidad", "rows": [5]},
        {"kind": "country", "value": "DE", "rows": [2, 3, 4]},
        {"kind": "industry", "value": "Computación cuántica", "rows": [5]},
    ]


@pytest.mark.django_db
def test_a_dry_run_lists_the_new_values_and_creates_nothing(client: Client, cast: Cast) -> None:
    run_import("customers", CUSTOMERS_CSV)
    product_line_create(actor=None, code="PUMPS", name="Bombas y válvulas")
    sales = (
        "Cliente;Fecha;Importe;Familia\n"
        "C1;27/07/2025;1.247,41;bombas y valvulas\n"
        "C1;28/07/2025;-1.000,00;Turbinas\n"
        "C2;29/07/2025;-99,50;Turbinas\n"
    )
    run = run_import("sales", sales, dry_run=True, actor=cast.director)
    assert run.status == "checked", run.errors
    assert run.new_values == [{"kind": "product_line", "value": "Turbinas", "rows": [3, 4]}]
    assert not ProductLine.objects.filter(name="Turbinas").exists()
    assert not SalesFact.objects.exists()
    client.force_login(cast.director)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "New values" in page
    assert "Turbinas" in page
    job = client.get(reverse("api:import_detail", kwargs={"import_id": run.public_id}))
    assert job.json()["new_values"] == run.new_values
    real = run_import("sales", sales)
    assert real.revenue_total is not None
    assert str(real.revenue_total) == "147.91"
    assert ProductLine.objects.get(code="PUMPS").salesfact_set.count() == 1
    assert list(ProductLine.objects.filter(name="Turbinas").values_list("code", flat=True)) == [
        "Turbinas"
    ]
