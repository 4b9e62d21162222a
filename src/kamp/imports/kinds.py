"""What can be imported: the four kinds and their fields, by the names mapping files use.

Plain data, no ORM: the parser, the validator, the forms and the documentation all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: How a field's values are read and checked.
FieldType = Literal[
    "id", "key", "text", "email", "size", "money", "quantity", "date", "year", "country", "ref"
]

KindName = Literal["customers", "contacts", "sales", "wallet"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a kind: its name in mapping files, how it is read, and whether it is needed."""

    name: str
    type: FieldType
    label: StrOrPromise
    required: bool = False
    max_length: int = 0
    non_negative: bool = False


@dataclass(frozen=True)
class KindSpec:
    """One kind of import: its fields, the fields that identify a row, and its extras policy."""

    name: KindName
    label: StrOrPromise
    fields: tuple[FieldSpec, ...]
    key: tuple[str, ...] = ()
    keeps_extras: bool = False  # unmapped columns become attributes (customers)

    def field(self, name: str) -> FieldSpec:
        """The field called ``name``."""
        return next(f for f in self.fields if f.name == name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


_CUSTOMER_ID = FieldSpec("customer_id", "id", _("customer id"), required=True, max_length=64)

CUSTOMERS = KindSpec(
    "customers",
    _("Customers"),
    (
        _CUSTOMER_ID,
        FieldSpec("name", "text", _("name"), required=True, max_length=200),
        FieldSpec("parent_id", "id", _("parent company id"), max_length=64),
        FieldSpec("country", "country", _("country")),
        FieldSpec("industry", "text", _("industry"), max_length=100),
        FieldSpec("size", "size", _("size")),
        FieldSpec("business_unit", "ref", _("business unit")),
    ),
    key=("customer_id",),
    keeps_extras=True,
)

CONTACTS = KindSpec(
    "contacts",
    _("Contacts"),
    (
        FieldSpec("contact_id", "id", _("contact id"), max_length=64),
        _CUSTOMER_ID,
        FieldSpec("name", "text", _("name"), required=True, max_length=200),
        FieldSpec("title", "text", _("job title"), max_length=200),
        FieldSpec("email", "email", _("email"), max_length=254),
        FieldSpec("phone", "text", _("phone"), max_length=50),
        FieldSpec("reports_to", "id", _("reports to (contact id)"), max_length=64),
    ),
    key=("contact_id",),
)

SALES = KindSpec(
    "sales",
    _("Sales lines"),
    (
        _CUSTOMER_ID,
        FieldSpec("date", "date", _("date"), required=True),
        FieldSpec("revenue", "money", _("revenue"), required=True),
        FieldSpec("margin", "money", _("margin")),
        FieldSpec("quantity", "quantity", _("quantity")),
        FieldSpec("product_line", "ref", _("product line")),
        FieldSpec("business_unit", "ref", _("business unit")),
        FieldSpec("country", "country", _("country")),
        # Only compared with the other lines (facts keep no line ids): taken as it is.
        FieldSpec("line_id", "key", _("line id"), max_length=64),
    ),
    key=("line_id",),
)

WALLET = KindSpec(
    "wallet",
    _("Wallet estimates"),
    (
        _CUSTOMER_ID,
        FieldSpec("wallet", "money", _("wallet"), required=True, non_negative=True),
        FieldSpec("product_line", "ref", _("product line")),
        FieldSpec("year", "year", _("year")),
    ),
    key=("customer_id", "year", "product_line"),
)

KINDS: dict[str, KindSpec] = {k.name: k for k in (CUSTOMERS, CONTACTS, SALES, WALLET)}
