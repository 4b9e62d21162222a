"""What the API reads and writes for customers, groups, contacts and sales.

Objects are named by their public id (``id``, a UUID); the identifier in the source system is
``customer_id`` / ``contact_id``. Money is a JSON number in the company currency.

Out schemas read model instances (or the selectors' dataclasses) directly: ``alias`` names the
attribute a field comes from and ``resolve_*`` computes the rest. Anything that depends on what
the reader may see (a parent, children, a group's members, roll-ups) comes from the selectors,
never from a model relation (``Customer.members`` would list companies the reader may not see).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Literal

from ninja import Field, FilterSchema, Schema
from pydantic import AliasChoices, ConfigDict, field_validator

from kamp.customers.models import Customer
from kamp.customers.selectors import CustomerFilters
from kamp.organisation.schemas import WithCurrency

if TYPE_CHECKING:
    from kamp.customers.models import Contact
    from kamp.customers.selectors import CustomerDetail, GroupDetail, SalesTotals
    from kamp.organisation.models import BusinessUnit, Country


def _code(obj: Country | BusinessUnit | None) -> str | None:
    return obj.code if obj is not None else None


def _pct(margin: float, revenue: float) -> float | None:
    return round(margin / revenue * 100, 2) if revenue else None


class CustomerRef(Schema):
    """Just enough to name a customer and follow a link to it."""

    # Read from a Customer, or from a dict already in the answer's shape (other apps' builders).
    id: uuid.UUID = Field(validation_alias=AliasChoices("public_id", "id"))
    customer_id: str = Field(validation_alias=AliasChoices("source_id", "customer_id"))
    name: str


class CustomerFilterIn(FilterSchema):
    """Filters of the customer list; empty values mean no filter."""

    # The list page filters by the same rules, so both hand them to selectors.customer_list
    # (see to_filters) rather than to FilterSchema.filter: one implementation for both.

    q: str = Field("", description="Part of the name or customer id.")
    country: str = Field("", description="ISO code of the country, e.g. ES.")
    business_unit: str = Field("", description="Code of the business unit serving it.")
    industry: str = Field("", description="Exact industry.")
    group: uuid.UUID | None = Field(None, description="Id of a group head: the whole group.")
    sort: Literal[
        "name",
        "-name",
        "source_id",
        "-source_id",
        "country",
        "-country",
        "industry",
        "-industry",
        "business_unit",
        "-business_unit",
        "revenue",
        "-revenue",
    ] = Field("name", description="Sort key; a leading '-' reverses.")

    def to_filters(self) -> CustomerFilters:
        """The selector's filters."""
        return CustomerFilters(
            q=self.q,
            country=self.country,
            business_unit=self.business_unit,
            industry=self.industry,
            group=str(self.group) if self.group else "",
            sort=self.sort,
        )


class CustomerOut(CustomerRef, WithCurrency):
    """A customer in a list."""

    country: str | None = Field(description="ISO code.")
    business_unit: str | None = Field(description="Code of the unit serving it.")
    industry: str
    size: str
    group: uuid.UUID | None = Field(description="Id of the group head; null for a top company.")
    parent: uuid.UUID | None = Field(
        description="Id of the parent company; null on top, or if you may not see the parent."
    )
    revenue_12m: float = Field(description="Revenue of this company in the last 12 months.")

    @staticmethod
    def resolve_country(obj: Customer) -> str | None:
        return _code(obj.country)

    @staticmethod
    def resolve_business_unit(obj: Customer) -> str | None:
        return _code(obj.business_unit)

    @staticmethod
    def resolve_group(obj: Customer) -> uuid.UUID | None:
        return obj.group.public_id if obj.group else None

    @staticmethod
    def resolve_parent(obj: Customer) -> uuid.UUID | None:
        # Annotated by selectors.with_visible_parent: null when the reader may not see it.
        parent: uuid.UUID | None = getattr(obj, "visible_parent_id", None)
        return parent


class CustomerPage(Schema):
    """One page of customers."""

    count: int = Field(description="How many customers match, on every page.")
    items: list[CustomerOut]


class CustomerDetailOut(WithCurrency):
    """One customer, with its place in its group."""

    # Read from a selectors.CustomerDetail (docstrings here become the OpenAPI descriptions).

    id: uuid.UUID = Field(alias="customer.public_id")
    customer_id: str = Field(alias="customer.source_id")
    name: str = Field(alias="customer.name")
    country: str | None
    business_unit: str | None
    industry: str = Field(alias="customer.industry")
    size: str = Field(alias="customer.size")
    attributes: dict[str, Any] = Field(alias="customer.attributes")
    parent: CustomerRef | None = Field(
        description="The parent company; null on top, or if you may not see the parent."
    )
    group: CustomerRef | None = Field(description="The group head; null for a top company.")
    children: list[CustomerRef] = Field(description="Direct subsidiaries you may see.")
    revenue_12m: float = Field(description="Revenue of this company in the last 12 months.")
    created_at: dt.datetime = Field(alias="customer.created_at")
    updated_at: dt.datetime = Field(alias="customer.updated_at")

    @staticmethod
    def resolve_country(obj: CustomerDetail) -> str | None:
        return _code(obj.customer.country)

    @staticmethod
    def resolve_business_unit(obj: CustomerDetail) -> str | None:
        return _code(obj.customer.business_unit)

    @staticmethod
    def resolve_group(obj: CustomerDetail) -> Customer | None:
        return obj.customer.group


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("may not be null; leave the field out to keep it")
    return value


class CustomerPatchIn(Schema):
    """Descriptive fields of a customer; send only those to change (omitted fields stay)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    industry: str | None = Field(None, max_length=100, description="Empty to clear.")
    size: Customer.Size | Literal[""] | None = Field(None, description="Empty to clear.")
    country: str | None = Field(None, description="ISO code; null to clear.")
    business_unit: str | None = Field(None, description="Unit code; null to clear.")
    attributes: dict[str, Any] | None = Field(None, description="Replaces every attribute.")

    _required_values = field_validator("name", "industry", "size", "attributes")(_not_null)


class GroupOut(CustomerRef, WithCurrency):
    """A top-level customer: a group head, or a company that stands alone."""

    country: str | None
    business_unit: str | None
    industry: str
    member_count: int = Field(description="Companies below the head that you may see.")
    revenue_12m: float = Field(
        description="Revenue of the head and the members you may see, last 12 months."
    )

    @staticmethod
    def resolve_country(obj: Customer) -> str | None:
        return _code(obj.country)

    @staticmethod
    def resolve_business_unit(obj: Customer) -> str | None:
        return _code(obj.business_unit)


class GroupPage(Schema):
    """One page of groups."""

    count: int = Field(description="How many groups match, on every page.")
    items: list[GroupOut]


class GroupFilterIn(FilterSchema):
    """Filters of the group list."""

    q: str = Field("", description="Part of the head's name or customer id.")
    with_members: bool = Field(False, description="Only heads that have companies below them.")
    sort: Literal["name", "-name", "revenue", "-revenue", "members", "-members"] = "name"


class GroupDetailOut(WithCurrency):
    """A group with every member you may see (use ``parent`` to rebuild the tree)."""

    # Read from a selectors.GroupDetail: the head's row of the group list, and the members.

    id: uuid.UUID = Field(alias="head.public_id")
    customer_id: str = Field(alias="head.source_id")
    name: str = Field(alias="head.name")
    country: str | None
    business_unit: str | None
    industry: str = Field(alias="head.industry")
    member_count: int = Field(alias="head.member_count")
    revenue_12m: float = Field(alias="head.revenue_12m")
    members: list[CustomerOut]

    @staticmethod
    def resolve_country(obj: GroupDetail) -> str | None:
        return _code(obj.head.country)

    @staticmethod
    def resolve_business_unit(obj: GroupDetail) -> str | None:
        return _code(obj.head.business_unit)


class ContactOut(Schema):
    """A person at a customer."""

    id: uuid.UUID = Field(alias="public_id")
    contact_id: str = Field(
        alias="source_id", description="Identifier in the source system, if any."
    )
    customer: uuid.UUID
    name: str
    title: str
    email: str
    phone: str
    reports_to: uuid.UUID | None

    @staticmethod
    def resolve_customer(obj: Contact) -> uuid.UUID:
        return obj.customer.public_id

    @staticmethod
    def resolve_reports_to(obj: Contact) -> uuid.UUID | None:
        return obj.reports_to.public_id if obj.reports_to else None


class ContactPage(Schema):
    """One page of contacts."""

    count: int = Field(description="How many contacts match, on every page.")
    items: list[ContactOut]


class ContactIn(Schema):
    """A new person at a customer."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    title: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    contact_id: str = Field("", max_length=64, description="Identifier in the source system.")
    reports_to: uuid.UUID | None = Field(None, description="A contact in the same group.")


class ContactPatchIn(Schema):
    """A person's details; send only those to change (omitted fields stay)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    title: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=50)
    contact_id: str | None = Field(None, max_length=64)
    reports_to: uuid.UUID | None = Field(None, description="Null for nobody.")

    _required_values = field_validator("name", "title", "email", "phone", "contact_id")(_not_null)


class SalesTotalsOut(WithCurrency):
    revenue: float
    margin: float
    margin_pct: float | None = Field(description="Margin over revenue, in %; null if no revenue.")
    quantity: float

    @staticmethod
    def resolve_margin_pct(obj: SalesTotals) -> float | None:
        return _pct(float(obj.margin), float(obj.revenue))


class SalesRowOut(Schema):
    year: int
    product_line: str
    revenue: float
    margin: float
    margin_pct: float | None

    @staticmethod
    def resolve_margin_pct(obj: dict[str, Any]) -> float | None:
        return _pct(obj["margin"], obj["revenue"])


class SalesSummaryOut(WithCurrency):
    """Sales of a customer, alone or with every company below it."""

    customer: CustomerRef
    rollup: bool = Field(description="Whether companies below the customer are included.")
    companies: int = Field(description="How many companies the figures cover.")
    since: dt.date = Field(description="First month of the last-12-months window.")
    last_12_months: SalesTotalsOut = Field(alias="totals")
    by_year: list[SalesRowOut] = Field(description="Per year and product line, oldest first.")


class PersonalDataOut(Schema):
    """Everything kamp holds on one person (see :mod:`kamp.customers.privacy`)."""

    exported_at: str
    exported_by: str
    contact: dict[str, Any] = Field(description="The contact's own fields and customer.")
    records: list[dict[str, Any]] = Field(
        description="Rows pointing at the person (stakeholder rows): model, id and fields."
    )
    mentions: list[dict[str, Any]] = Field(
        description="Free text naming the person: model, id, field and the text."
    )
    audit_events: list[dict[str, Any]] = Field(
        description="Audit events about the person or their records, or naming them."
    )


class ErasureIn(Schema):
    """Why the person's data is erased (kept in the audit trail, without their name)."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


class MentionOut(Schema):
    model: str
    id: int
    field: str


class ErasureOut(Schema):
    """What an erasure removed, and the free-text mentions left for someone to edit."""

    removed: dict[str, int] = Field(description="Rows removed, by model.")
    unlinked: dict[str, int] = Field(
        description="Rows kept without the person (a sponsorship's counterpart), by model."
    )
    audit_events_blanked: int
    mentions_left: list[MentionOut]
