"""The demo company: a deterministic, realistic generator, its ERP source files, and its loader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl
import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Sum

from kamp.core.models import AuditEvent
from kamp.customers.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    ORGANISATION,
    DemoCompany,
    default_as_of,
    generate_demo_company,
    month_starts,
    write_source_files,
)
from kamp.customers.models import Contact, Customer, SalesFact
from kamp.customers.services import demo_company_load, demo_company_loaded, demo_users_create
from kamp.customers.tests.factories import CustomerFactory
from kamp.organisation.models import BusinessUnit, Country, Membership, ProductLine, Region
from kamp.users.models import User

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_django.fixtures import Settings

    from conftest import Cast

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    """The full-size demo company (about a second to generate)."""
    return generate_demo_company(as_of=AS_OF)


@pytest.fixture(scope="module")
def small() -> DemoCompany:
    return generate_demo_company(as_of=AS_OF, n_customers=300)


@pytest.fixture(scope="module")
def tiny() -> DemoCompany:
    """Small enough to load into the test database in well under a second."""
    return generate_demo_company(as_of=AS_OF, n_customers=90, seed=7)


def cents(column: str) -> pl.Expr:
    return (pl.col(column) * 100).round().cast(pl.Int64)


def revenue_by_customer(company: DemoCompany) -> pl.DataFrame:
    return (
        company.sales.group_by("customer_id")
        .agg(pl.col("revenue").sum())
        .join(company.customers, left_on="customer_id", right_on="source_id")
        .sort("revenue", descending=True)
    )


# -- The generator ------------------------------------------------------------------------------


def test_it_gives_the_same_company_for_the_same_seed(small: DemoCompany) -> None:
    again = generate_demo_company(as_of=AS_OF, n_customers=300)
    assert again.customers.equals(small.customers)
    assert again.contacts.equals(small.contacts)
    assert again.sales.equals(small.sales)


def test_it_gives_another_company_for_another_seed(small: DemoCompany) -> None:
    other = generate_demo_company(as_of=AS_OF, n_customers=300, seed=1)
    assert not other.customers["name"].equals(small.customers["name"])
    assert not other.sales["revenue"].equals(small.sales["revenue"])


def test_it_has_the_shape_of_a_mid_sized_industrial_company(company: DemoCompany) -> None:
    org = company.organisation
    assert (len(org.regions), len(org.countries), len(org.units), len(org.product_lines)) == (
        4,
        12,
        4,
        8,
    )
    customers = company.customers
    assert customers.height == 3_000
    assert customers["source_id"].n_unique() == 3_000
    assert customers["parent_id"].null_count() == 400
    assert customers["country"].n_unique() == 12
    assert customers["industry"].n_unique() == 10
    assert set(customers["size"]) == {"small", "medium", "large", "enterprise"}
    assert customers["source_id"].str.contains(r"^C\d{6}$").all()
    assert len(company.months) == 36
    assert company.sales["period"].n_unique() == 36
    assert company.sales["product_line"].n_unique() == 8


def test_most_groups_are_small_and_a_few_are_multinationals(company: DemoCompany) -> None:
    members = company.customers.with_columns(
        pl.coalesce("group_id", "source_id").alias("head")
    ).group_by("head")
    sizes = members.agg(pl.len(), pl.col("country").n_unique(), pl.col("business_unit").n_unique())
    assert sorted(sizes["len"].to_list())[len(sizes) // 2] <= 5
    biggest = sizes.sort("len", descending=True).row(0, named=True)
    assert biggest["len"] >= 50
    assert biggest["country"] >= 8 and biggest["business_unit"] >= 3


def test_every_company_points_to_the_head_of_its_group(small: DemoCompany) -> None:
    rows = {r["source_id"]: r for r in small.customers.iter_rows(named=True)}
    for row in rows.values():
        top = row
        while top["parent_id"] is not None:
            top = rows[top["parent_id"]]
        assert row["group_id"] == (None if top is row else top["source_id"])


def test_sales_cover_36_months_up_to_the_last_full_month(company: DemoCompany) -> None:
    assert company.months[0] == date(2023, 7, 1)
    assert company.months[-1] == date(2026, 6, 1)
    assert month_starts(date(2026, 6, 15))[-1] == date(2026, 5, 1)
    assert default_as_of(date(2026, 3, 10)) == date(2026, 2, 28)


def test_a_tenth_of_the_customers_make_about_half_the_revenue(company: DemoCompany) -> None:
    revenue: list[float] = revenue_by_customer(company)["revenue"].to_list()
    share = sum(revenue[: len(revenue) // 10]) / sum(revenue)
    assert 0.40 <= share <= 0.60


def test_size_bands_follow_revenue(company: DemoCompany) -> None:
    medians = revenue_by_customer(company).group_by("size").agg(pl.col("revenue").median())
    by_size = dict(medians.iter_rows())
    assert by_size["small"] < by_size["medium"] < by_size["large"] < by_size["enterprise"]


def test_margins_differ_by_product_line(company: DemoCompany) -> None:
    rates = dict(
        company.sales.group_by("product_line")
        .agg(pl.col("margin").sum() / pl.col("revenue").sum())
        .iter_rows()
    )
    assert rates["FIELD"] > rates["PARTS"] > rates["PUMPS"] > rates["EQUIP"]
    assert max(rates.values()) - min(rates.values()) > 0.15


def test_sales_dip_in_august_and_peak_in_the_fourth_quarter(company: DemoCompany) -> None:
    by_month = dict(
        company.sales.group_by(pl.col("period").dt.month()).agg(pl.col("revenue").sum()).iter_rows()
    )
    average = sum(by_month.values()) / 12
    assert by_month[8] < 0.8 * average
    assert by_month[12] > 1.05 * average


def test_some_customers_churn_and_some_start_late(company: DemoCompany) -> None:
    spans = company.sales.group_by("customer_id").agg(
        pl.col("period").min().alias("first"), pl.col("period").max().alias("last")
    )
    early_end = spans.filter(pl.col("last") < date(2025, 12, 1)).height
    late_start = spans.filter(pl.col("first") > date(2024, 6, 1)).height
    assert 100 < early_end < 600
    assert 100 < late_start < 600


def test_sales_go_to_the_unit_owning_the_line_and_the_customers_country(
    small: DemoCompany,
) -> None:
    owners = {p.code: p.unit for p in ORGANISATION.product_lines}
    assert all(
        owners[line] == unit
        for line, unit in small.sales.select("product_line", "business_unit").unique().iter_rows()
    )
    joined = small.sales.join(small.customers, left_on="customer_id", right_on="source_id")
    assert (joined["country"] == joined["country_right"]).all()
    assert (small.sales["revenue"] > 0).all() and (small.sales["quantity"] > 0).all()


def test_contacts_report_to_someone_in_their_own_company(small: DemoCompany) -> None:
    contacts = small.contacts
    per_customer: list[int] = contacts.group_by("customer_id").len()["len"].to_list()
    assert min(per_customer) >= 1 and max(per_customer) <= 6
    assert contacts["customer_id"].n_unique() == small.customers.height
    bosses = contacts.join(contacts, left_on="reports_to", right_on="contact_id", suffix="_boss")
    assert (bosses["customer_id"] == bosses["customer_id_boss"]).all()
    tops = contacts.filter(pl.col("reports_to").is_null())
    assert tops.height == small.customers.height
    assert set(tops["title"]) == {"CEO"}
    assert contacts["email"].str.contains(r"^[a-z]+\.[a-z]+@[a-z]+\.[a-z.]+$").all()


# -- Source files -------------------------------------------------------------------------------


def read_sales(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, schema_overrides={"revenue": pl.String, "margin": pl.String})


def by_fact(lines: pl.DataFrame) -> pl.DataFrame:
    """Invoice lines added up to the monthly grain, money in whole cents."""
    return lines.group_by(
        "customer_id",
        pl.col("date").str.to_date().dt.truncate("1mo").alias("period"),
        "product_line",
        "business_unit",
        "country",
    ).agg(
        pl.col("revenue").str.replace(".", "", literal=True).cast(pl.Int64).sum().alias("cents"),
        pl.col("margin").str.replace(".", "", literal=True).cast(pl.Int64).sum().alias("m_cents"),
        (pl.col("quantity") * 1000).round().cast(pl.Int64).sum().alias("milli"),
    )


def test_the_sales_file_has_exactly_n_lines_adding_up_to_the_facts(
    small: DemoCompany, tmp_path: Path
) -> None:
    files = write_source_files(tmp_path, lines=40_000, company=small)
    lines = read_sales(files.sales)
    assert lines.height == 40_000
    assert lines["line_id"].n_unique() == 40_000
    facts = small.sales.with_columns(
        cents("revenue").alias("expected"), cents("margin").alias("m_expected")
    )
    keys = ["customer_id", "period", "product_line", "business_unit", "country"]
    joined = facts.join(by_fact(lines), on=keys, how="full", coalesce=True)
    assert joined.height == small.sales.height == files.facts
    assert (joined["cents"] == joined["expected"]).all()
    assert (joined["m_cents"] == joined["m_expected"]).all()
    assert (joined["milli"] == joined["quantity"] * 1000).all()
    dates: list[date] = lines["date"].str.to_date().to_list()
    assert min(dates) >= small.months[0] and max(dates) <= AS_OF


def test_with_fewer_lines_than_facts_each_line_is_a_whole_fact(
    small: DemoCompany, tmp_path: Path
) -> None:
    files = write_source_files(tmp_path, lines=500, company=small)
    lines = read_sales(files.sales)
    assert lines.height == 500 == files.facts
    keys = ["customer_id", "period", "product_line"]
    joined = by_fact(lines).join(small.sales.with_columns(cents("revenue")), on=keys)
    assert joined.height == 500
    assert (joined["cents"] == joined["revenue"]).all()


def test_the_source_files_look_like_an_erp_export(small: DemoCompany, tmp_path: Path) -> None:
    files = write_source_files(tmp_path, lines=1_000, company=small)
    header = files.customers.read_text(encoding="utf-8").splitlines()[0]
    assert header == "customer_id,name,parent_id,country,industry,size"
    header = files.contacts.read_text(encoding="utf-8").splitlines()[0]
    assert header == "contact_id,customer_id,name,title,email,phone,reports_to"
    first, second = files.sales.read_text(encoding="utf-8").splitlines()[:2]
    assert first == (
        "line_id,customer_id,date,product_line,business_unit,country,revenue,margin,quantity"
    )
    assert second.startswith("L000000001,C")
    again = write_source_files(tmp_path / "again", lines=1_000, company=small)
    assert again.sales.read_bytes() == files.sales.read_bytes()


# -- Loading into the database ------------------------------------------------------------------


@pytest.mark.django_db
def test_it_loads_the_demo_company(tiny: DemoCompany) -> None:
    summary = demo_company_load(actor=None, company=tiny)
    assert summary.loaded
    assert summary.customers == Customer.objects.count() == tiny.customers.height
    assert (
        summary.groups
        == Customer.objects.groups().count()
        == tiny.customers["parent_id"].null_count()
    )
    assert summary.contacts == Contact.objects.count() == tiny.contacts.height
    assert summary.sales_facts == SalesFact.objects.count() == tiny.sales.height
    assert (Region.objects.count(), Country.objects.count()) == (4, 12)
    assert (BusinessUnit.objects.count(), ProductLine.objects.count()) == (4, 8)
    total = SalesFact.objects.aggregate(total=Sum("revenue"))["total"]
    assert total == Decimal(int(tiny.sales.select(cents("revenue")).sum().item())) / 100
    assert demo_company_loaded()
    assert AuditEvent.objects.filter(action="customer.demo_load").count() == 1


@pytest.mark.django_db
def test_it_keeps_the_hierarchy(tiny: DemoCompany) -> None:
    demo_company_load(actor=None, company=tiny)
    for customer in Customer.objects.exclude(parent=None).select_related("parent"):
        parent = customer.parent
        assert parent is not None
        assert customer.group_id == (parent.group_id or parent.pk)
    contact = Contact.objects.exclude(reports_to=None).select_related("reports_to").first()
    assert contact is not None and contact.reports_to is not None
    assert contact.reports_to.customer_id == contact.customer_id
    assert not Contact.objects.filter(reports_to=None).exclude(title="CEO").exists()


@pytest.mark.django_db
def test_loading_it_twice_changes_nothing(tiny: DemoCompany) -> None:
    demo_company_load(actor=None, company=tiny)
    counts = (Customer.objects.count(), Contact.objects.count(), SalesFact.objects.count())
    summary = demo_company_load(actor=None, company=tiny)
    assert not summary.loaded
    assert "already loaded" in summary.message
    assert (Customer.objects.count(), Contact.objects.count(), SalesFact.objects.count()) == counts


@pytest.mark.django_db
def test_it_loads_nothing_when_its_customer_ids_are_taken(tiny: DemoCompany) -> None:
    CustomerFactory.create(source_id=tiny.customers["source_id"][5], name="Real Customer SA")
    summary = demo_company_load(actor=None, company=tiny)
    assert not summary.loaded
    assert "1 of the demo's customer ids" in summary.message
    assert Customer.objects.count() == 1 and not SalesFact.objects.exists()


@pytest.mark.django_db
def test_only_a_programme_director_loads_it(cast: Cast, tiny: DemoCompany) -> None:
    with pytest.raises(PermissionDenied):
        demo_company_load(actor=cast.kam, company=tiny)
    assert not Customer.objects.exists()
    assert demo_company_load(actor=cast.director, company=tiny).loaded


@pytest.mark.django_db
def test_it_creates_the_demo_users_in_debug(tiny: DemoCompany, settings: Settings) -> None:
    settings.DEBUG = True
    demo_company_load(actor=None, company=tiny)
    made = demo_users_create(
        actor=None, users=DEMO_USERS, organisation=ORGANISATION, password=DEMO_PASSWORD
    )
    assert all(new for _spec, new in made)
    assert User.objects.get(username="kam").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser
    pcdirector = User.objects.get(username="pcdirector")
    assert BusinessUnit.objects.get(code="IND").director == pcdirector
    membership = Membership.objects.get(user=pcdirector)
    assert (
        membership.role,
        membership.business_unit.code if membership.business_unit else None,
    ) == (
        "pc_director",
        "IND",
    )
    again = demo_users_create(
        actor=None, users=DEMO_USERS, organisation=ORGANISATION, password=DEMO_PASSWORD
    )
    assert not any(new for _spec, new in again)
    assert User.objects.count() == len(DEMO_USERS)


@pytest.mark.django_db
def test_it_refuses_demo_users_outside_debug(settings: Settings) -> None:
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="KAMP_DEBUG"):
        demo_users_create(
            actor=None, users=DEMO_USERS, organisation=ORGANISATION, password=DEMO_PASSWORD
        )
    assert not User.objects.exists()
