"""A deterministic demo company, as plain data: no ORM, no Django settings.

A B2B company selling industrial products and services in 12 European countries: four business
units, eight product lines, about 3,000 customers in about 400 groups, their contacts, and 36
months of monthly sales facts (:func:`generate_demo_company`). Names come from word lists
(``catalogue``), not from Faker, which is a development dependency only.

:func:`write_source_files` turns the facts into the CSV files an ERP export would hold, split
into any number of invoice lines that add back up, to the cent, to the facts.
"""

from __future__ import annotations

from kamp.customers.demo.catalogue import (
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DEMO_USERS,
    ORGANISATION,
    SENTINEL_SOURCE_ID,
    CountrySpec,
    DemoOrganisation,
    DemoUser,
    ProductLineSpec,
    RegionSpec,
    UnitSpec,
)
from kamp.customers.demo.company import (
    DemoCompany,
    default_as_of,
    generate_demo_company,
    month_starts,
)
from kamp.customers.demo.sources import SourceFiles, write_source_files

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "ORGANISATION",
    "SENTINEL_SOURCE_ID",
    "CountrySpec",
    "DemoCompany",
    "DemoOrganisation",
    "DemoUser",
    "ProductLineSpec",
    "RegionSpec",
    "SourceFiles",
    "UnitSpec",
    "default_as_of",
    "generate_demo_company",
    "month_starts",
    "write_source_files",
]
