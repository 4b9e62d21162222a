"""Test data for selection: a small customer base with three years of sales."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from factory.declarations import Sequence
from factory.django import DjangoModelFactory

from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.organisation.tests.factories import ProductLineFactory
from kamp.selection.models import Segment

if TYPE_CHECKING:
    from kamp.customers.models import Customer

AS_OF = dt.date(2025, 12, 31)


class SegmentFactory(DjangoModelFactory[Segment]):
    class Meta:
        model = Segment

    name = Sequence(lambda n: f"Process industry {n}")
    rules = [{"field": "industry", "op": "in", "values": ["Chemicals"]}]
    fit = Decimal("8.0")


def sales(customer: Customer, yearly: tuple[float, float, float], line: str = "PUMPS") -> None:
    """One sale a year, in December, of ``yearly`` (oldest first) revenue at a 25 % margin."""
    product_line = ProductLineFactory.create(code=line, name=line.title())
    for offset, revenue in enumerate(yearly):
        SalesFactFactory.create(
            customer=customer,
            period=dt.date(AS_OF.year - 2 + offset, 12, 1),
            product_line=product_line,
            revenue=Decimal(str(revenue)),
            margin=Decimal(str(revenue / 4)),
        )


def customer_base() -> dict[str, Customer]:
    """Four groups: a growing chemicals group with a subsidiary, a big flat food company, a
    small shrinking one, and one that never bought."""
    chem = CustomerFactory.create(name="Acme Chemicals", source_id="G1", industry="Chemicals")
    sub = CustomerFactory.create(name="Acme Iberia", source_id="G1-ES", parent=chem)
    food = CustomerFactory.create(name="Big Foods", source_id="G2", industry="Food & beverage")
    small = CustomerFactory.create(name="Small Works", source_id="G3", industry="Chemicals")
    idle = CustomerFactory.create(name="Idle Ltd", source_id="G4", industry="Logistics")
    sales(chem, (100.0, 150.0, 200.0))
    sales(sub, (0.0, 50.0, 100.0), line="CHEM")
    sales(food, (500.0, 500.0, 500.0))
    sales(small, (90.0, 60.0, 30.0))
    return {"chem": chem, "sub": sub, "food": food, "small": small, "idle": idle}
