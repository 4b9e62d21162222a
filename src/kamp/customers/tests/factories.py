"""Factories for customers, contacts and sales facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.faker import Faker

from kamp.customers.models import Contact, Customer, SalesFact
from kamp.organisation.tests.factories import (
    BusinessUnitFactory,
    CountryFactory,
    ProductLineFactory,
)


class CustomerFactory(DjangoModelFactory[Customer]):
    """A standalone customer; pass ``parent=`` for a subsidiary (its group is set to match)."""

    class Meta:
        model = Customer

    source_id = Sequence(lambda n: f"C{n:05d}")
    name = Faker("company")
    country = SubFactory(CountryFactory)
    business_unit = SubFactory(BusinessUnitFactory)
    industry = "Food & beverage"
    size = Customer.Size.LARGE
    group = LazyAttribute(lambda c: c.parent.head if c.parent else None)
    parent = None


class ContactFactory(DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    customer = SubFactory(CustomerFactory)
    name = Faker("name")
    title = "Purchasing director"
    email = LazyAttribute(lambda c: f"{c.name.split()[0].lower()}@customer.example")


class SalesFactFactory(DjangoModelFactory[SalesFact]):
    class Meta:
        model = SalesFact

    customer = SubFactory(CustomerFactory)
    period = dt.date(2025, 1, 1)
    product_line = SubFactory(ProductLineFactory)
    business_unit = LazyAttribute(lambda s: s.customer.business_unit)
    country = LazyAttribute(lambda s: s.customer.country)
    revenue = Decimal("10000.00")
    margin = Decimal("3000.00")
    quantity = Decimal("100")
    lines = 3
