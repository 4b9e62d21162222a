"""Every write on the customer base goes through these functions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.core.audit import audit_record, diff_fields
from kamp.customers.demo import SENTINEL_SOURCE_ID
from kamp.customers.models import Contact, Customer, SalesFact
from kamp.customers.permissions import can_change_contact
from kamp.organisation.models import BusinessUnit, Country, Membership, ProductLine, Region
from kamp.organisation.permissions import has_role
from kamp.organisation.services import (
    business_unit_create,
    business_unit_set_director,
    country_create,
    membership_create,
    product_line_create,
    region_create,
)
from kamp.users.selectors import user_by_username, username_taken
from kamp.users.services import user_create

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import polars as pl

    from kamp.customers.demo import DemoCompany, DemoOrganisation, DemoUser
    from kamp.users.models import User


class CustomerDetails(TypedDict, total=False):
    """A customer's descriptive fields, besides its name."""

    industry: str
    size: str
    country: Country | None
    business_unit: BusinessUnit | None
    attributes: dict[str, Any]


class CustomerChanges(CustomerDetails, total=False):
    """What :func:`customer_update` may change: the descriptive fields and the name."""

    name: str


class ContactDetails(TypedDict, total=False):
    """A contact's details, besides their name."""

    title: str
    email: str
    phone: str
    reports_to: Contact | None
    source_id: str


class ContactChanges(ContactDetails, total=False):
    """What :func:`contact_update` may change: the details and the name."""

    name: str


CUSTOMER_EDITABLE = ("name", "industry", "size", "country", "business_unit", "attributes")
CONTACT_EDITABLE = ("name", "title", "email", "phone", "reports_to", "source_id")


def _snapshot(obj: Customer | Contact, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _require(actor: User, customer: Customer) -> None:
    """Check, inside the write, that the actor may still change this customer."""
    if not Customer.objects.visible_to(actor, "change").filter(pk=customer.pk).exists():
        raise PermissionDenied


def _require_contact(actor: User, contact: Contact) -> None:
    """Check, inside the write, that the actor may still change this contact (its customer, and
    the guards of other apps: :func:`kamp.customers.permissions.can_change_contact`)."""
    if not can_change_contact(actor, contact):
        raise PermissionDenied


@transaction.atomic
def customer_create(
    *,
    actor: User | None,
    source_id: str,
    name: str,
    parent: Customer | None = None,
    **fields: Unpack[CustomerDetails],
) -> Customer:
    """Create a customer; it joins its parent's group. ``actor=None`` is the system (loaders)."""
    customer = Customer(source_id=source_id, name=name, parent=parent, **fields)
    customer.group = parent.head if parent is not None else None
    customer.full_clean()
    customer.save()
    audit_record(actor=actor, action="customer.create", obj=customer)
    return customer


@transaction.atomic
def customer_update(
    *, actor: User, customer: Customer, **fields: Unpack[CustomerChanges]
) -> Customer:
    """Change a customer's descriptive fields (not its id or place in the hierarchy)."""
    _require(actor, customer)
    unknown = set(fields) - set(CUSTOMER_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    # Compare with what is stored: a bound ModelForm has already changed the instance in memory.
    before = _snapshot(Customer.objects.get(pk=customer.pk), CUSTOMER_EDITABLE)
    for key, value in fields.items():
        setattr(customer, key, value)
    customer.full_clean()
    changes = diff_fields(before, _snapshot(customer, CUSTOMER_EDITABLE))
    if changes:
        customer.save()
        audit_record(actor=actor, action="customer.update", obj=customer, changes=changes)
    return customer


@transaction.atomic
def customer_set_parent(
    *, actor: User | None, customer: Customer, parent: Customer | None
) -> Customer:
    """Move a customer (and everything below it) under ``parent``, or make it a group head."""
    if actor is not None:
        _require(actor, customer)
    old_parent_id = customer.parent_id
    customer.parent = parent
    customer.full_clean()
    customer.group = parent.head if parent is not None else None
    customer.save(update_fields=["parent", "group", "updated_at"])
    # Companies below this one follow it into its new group.
    Customer.objects.filter(pk__in=_descendant_ids(customer)).update(group=customer.head)
    audit_record(
        actor=actor,
        action="customer.move",
        obj=customer,
        changes={"parent": [old_parent_id, parent.pk if parent else None]},
    )
    return customer


def _descendant_ids(customer: Customer) -> list[int]:
    found: list[int] = []
    frontier = [customer.pk]
    while frontier:
        frontier = list(
            Customer.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        found.extend(frontier)
    return found


@transaction.atomic
def contact_create(
    *, actor: User, customer: Customer, name: str, **fields: Unpack[ContactDetails]
) -> Contact:
    """Add a person at a customer."""
    _require(actor, customer)
    contact = Contact(customer=customer, name=name, **fields)
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, action="contact.create", obj=contact)
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, **fields: Unpack[ContactChanges]) -> Contact:
    """Change a contact's details."""
    _require_contact(actor, contact)
    unknown = set(fields) - set(CONTACT_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    before = _snapshot(Contact.objects.get(pk=contact.pk), CONTACT_EDITABLE)
    for key, value in fields.items():
        setattr(contact, key, value)
    contact.full_clean()
    changes = diff_fields(before, _snapshot(contact, CONTACT_EDITABLE))
    if changes:
        contact.save()
        audit_record(actor=actor, action="contact.update", obj=contact, changes=changes)
    return contact


@transaction.atomic
def contact_delete(*, actor: User, contact: Contact) -> None:
    """Remove a contact; people who reported to them keep their place without a manager."""
    _require_contact(actor, contact)
    audit_record(actor=actor, action="contact.delete", obj=contact)
    contact.delete()


# The demo company. Loaded in bulk (one transaction, one audit event for the customer base)
# because 3,000 customers and 150,000 facts through the one-at-a-time services take minutes.

DEMO_BATCH_SIZE = 5_000

#: ``progress(step, done, total)``, called as a load advances; steps are "customers",
#: "contacts" and "sales".
type LoadProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LoadSummary:
    """What a demo load did: what it created, or why it created nothing."""

    loaded: bool
    message: str
    customers: int = 0
    groups: int = 0
    contacts: int = 0
    sales_facts: int = 0


@dataclass(frozen=True)
class OrganisationRefs:
    """The organisation's objects by code, as a loader needs them."""

    regions: dict[str, Region]
    countries: dict[str, Country]
    units: dict[str, BusinessUnit]
    product_lines: dict[str, ProductLine]


def demo_company_loaded() -> bool:
    """Whether the demo's customers are in the database (their ids are the same for any seed)."""
    return Customer.objects.filter(source_id=SENTINEL_SOURCE_ID).exists()


@transaction.atomic
def demo_company_load(
    *, actor: User | None, company: DemoCompany, progress: LoadProgress | None = None
) -> LoadSummary:
    """Load the demo company: its organisation, customers, contacts and monthly sales facts.

    Running it twice is safe: if any of the demo's customer ids is already in the database,
    nothing is written and the summary says why. Existing data is never replaced or deleted.
    Demo logins are created separately by :func:`demo_users_create`.
    """
    if actor is not None and not has_role(actor, Membership.Role.PROGRAMME_DIRECTOR):
        raise PermissionDenied
    ids = company.customers["source_id"].to_list()
    taken = _existing(Customer, ids)
    if taken:
        if len(taken) == len(ids):
            message = _("The demo company is already loaded; nothing was changed.")
        else:
            message = _(
                "%(count)s of the demo's customer ids are used by other customers; "
                "nothing was loaded."
            ) % {"count": len(taken)}
        return LoadSummary(loaded=False, message=message)
    refs = organisation_ensure(actor=actor, organisation=company.organisation)
    customers = _load_customers(company.customers, refs, progress)
    contacts = _load_contacts(company.contacts, customers, progress)
    facts = _load_sales(company.sales, customers, refs, progress)
    summary = LoadSummary(
        loaded=True,
        message=_("The demo company is loaded."),
        customers=len(customers),
        groups=int(company.customers["parent_id"].null_count()),
        contacts=contacts,
        sales_facts=facts,
    )
    counts = {k: getattr(summary, k) for k in ("customers", "groups", "contacts", "sales_facts")}
    # One event for the whole load, on the customer model itself rather than on 3,000 rows.
    base = ContentType.objects.get_for_model(Customer)
    audit_record(actor=actor, action="customer.demo_load", obj=base, changes=counts)
    return summary


def _existing(model: type[Customer] | type[Contact], source_ids: list[str]) -> dict[str, int]:
    """Primary keys of the rows holding these source ids, a few hundred ids per query."""
    found: dict[str, int] = {}
    for start in range(0, len(source_ids), 500):
        chunk = source_ids[start : start + 500]
        found.update(model.objects.filter(source_id__in=chunk).values_list("source_id", "pk"))
    return found


def _by_level(rows: list[dict[str, Any]], key: str, up: str) -> Iterable[list[dict[str, Any]]]:
    """Rows in batches whose ``up`` (parent, manager) is in an earlier batch or empty."""
    placed: set[str] = set()
    while rows:
        ready = [r for r in rows if r[up] is None or r[up] in placed]
        if not ready:
            raise ValidationError(_("The hierarchy has a loop at %(id)s.") % {"id": rows[0][key]})
        yield ready
        placed.update(r[key] for r in ready)
        rows = [r for r in rows if r[key] not in placed]


def _load_customers(
    frame: pl.DataFrame, refs: OrganisationRefs, progress: LoadProgress | None
) -> dict[str, int]:
    """Insert customers top-down, so parents and group heads have keys before their members."""
    pks: dict[str, int] = {}
    for level in _by_level(frame.to_dicts(), "source_id", "parent_id"):
        Customer.objects.bulk_create(
            [
                Customer(
                    source_id=row["source_id"],
                    name=row["name"],
                    parent_id=pks.get(row["parent_id"] or ""),
                    group_id=pks.get(row["group_id"] or ""),
                    country_id=refs.countries[row["country"]].pk,
                    business_unit_id=refs.units[row["business_unit"]].pk,
                    industry=row["industry"],
                    size=row["size"],
                )
                for row in level
            ],
            batch_size=DEMO_BATCH_SIZE,
        )
        pks.update(_existing(Customer, [row["source_id"] for row in level]))
        if progress:
            progress("customers", len(pks), len(frame))
    return pks


def _load_contacts(
    frame: pl.DataFrame, customers: dict[str, int], progress: LoadProgress | None
) -> int:
    """Insert contacts bosses first, so ``reports_to`` can point at them."""
    pks: dict[str, int] = {}
    for level in _by_level(frame.to_dicts(), "contact_id", "reports_to"):
        Contact.objects.bulk_create(
            [
                Contact(
                    customer_id=customers[row["customer_id"]],
                    source_id=row["contact_id"],
                    name=row["name"],
                    title=row["title"],
                    email=row["email"],
                    phone=row["phone"],
                    reports_to_id=pks.get(row["reports_to"] or ""),
                )
                for row in level
            ],
            batch_size=DEMO_BATCH_SIZE,
        )
        pks.update(_existing(Contact, [row["contact_id"] for row in level]))
        if progress:
            progress("contacts", len(pks), len(frame))
    return len(pks)


def _load_sales(
    frame: pl.DataFrame,
    customers: dict[str, int],
    refs: OrganisationRefs,
    progress: LoadProgress | None,
) -> int:
    """Insert monthly facts in batches; money goes in as exact decimals, from whole cents."""
    cents = frame.select(
        "customer_id",
        "period",
        "product_line",
        "business_unit",
        "country",
        (frame["revenue"] * 100).round().cast(int).alias("revenue"),
        (frame["margin"] * 100).round().cast(int).alias("margin"),
        "quantity",
        "lines",
    )
    lines = {code: line.pk for code, line in refs.product_lines.items()}
    units = {code: unit.pk for code, unit in refs.units.items()}
    countries = {code: country.pk for code, country in refs.countries.items()}
    for start in range(0, len(cents), DEMO_BATCH_SIZE):
        batch = cents.slice(start, DEMO_BATCH_SIZE)
        SalesFact.objects.bulk_create(
            [
                SalesFact(
                    customer_id=customers[customer],
                    period=period,
                    product_line_id=lines[line],
                    business_unit_id=units[unit],
                    country_id=countries[country],
                    revenue=Decimal(revenue).scaleb(-2),
                    margin=Decimal(margin).scaleb(-2),
                    quantity=Decimal(quantity),
                    lines=count,
                )
                for customer, period, line, unit, country, revenue, margin, quantity, count in (
                    batch.iter_rows()
                )
            ],
            batch_size=DEMO_BATCH_SIZE,
        )
        if progress:
            progress("sales", start + len(batch), len(cents))
    return len(cents)


@transaction.atomic
def organisation_ensure(*, actor: User | None, organisation: DemoOrganisation) -> OrganisationRefs:
    """Create whatever part of ``organisation`` does not exist yet, matching by code.

    Existing objects are kept as they are (an operator may have renamed them), so running it
    again is safe.
    """
    regions = {r.code: r for r in Region.objects.all()}
    for r in organisation.regions:
        if r.code not in regions:
            regions[r.code] = region_create(actor=actor, code=r.code, name=r.name)
    countries = {c.code: c for c in Country.objects.all()}
    for c in organisation.countries:
        if c.code not in countries:
            region = regions[c.region]
            countries[c.code] = country_create(actor=actor, code=c.code, name=c.name, region=region)
    units = {u.code: u for u in BusinessUnit.objects.all()}
    for u in organisation.units:
        if u.code not in units:
            units[u.code] = business_unit_create(actor=actor, code=u.code, name=u.name)
    lines = {p.code: p for p in ProductLine.objects.all()}
    for p in organisation.product_lines:
        if p.code not in lines:
            lines[p.code] = product_line_create(
                actor=actor, code=p.code, name=p.name, business_unit=units[p.unit]
            )
    return OrganisationRefs(regions, countries, units, lines)


@transaction.atomic
def demo_users_create(
    *, actor: User | None, users: Iterable[DemoUser], organisation: DemoOrganisation, password: str
) -> list[tuple[DemoUser, bool]]:
    """Create the demo logins and their memberships, and make them their units' directors.

    Every demo login shares one published password, so this refuses to run unless
    ``settings.DEBUG`` is on. Users that already exist are left untouched, password included,
    and a unit that already has a director keeps it. Returns each user with whether it is new.
    """
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            _(
                "Demo users share a published password, so they are only created when "
                "KAMP_DEBUG is on. Never create them on a production server."
            )
        )
    units = {u.code: u for u in BusinessUnit.objects.all()}
    # Hashing is deliberately slow (about 0.3 s); one hash serves every demo login.
    hashed = make_password(password)
    result = []
    for spec in users:
        if username_taken(spec.username):
            result.append((spec, False))
            continue
        if spec.unit is not None and spec.unit not in units:
            raise ValidationError(_("Load the demo organisation before its users."))
        user = _demo_user_create(actor=actor, spec=spec, hashed_password=hashed)
        if spec.role is not None:
            unit = units[spec.unit] if spec.unit else None
            membership_create(actor=actor, user=user, role=spec.role, business_unit=unit)
        result.append((spec, True))
    for unit_spec in organisation.units:
        unit = units.get(unit_spec.code)
        director = user_by_username(unit_spec.director)
        if unit is not None and unit.director_id is None and director is not None:
            business_unit_set_director(actor=actor, unit=unit, director=director)
    return result


def _demo_user_create(*, actor: User | None, spec: DemoUser, hashed_password: str) -> User:
    user = user_create(
        actor=actor,
        username=spec.username,
        password=None,
        email=spec.email,
        first_name=spec.first_name,
        last_name=spec.last_name,
        is_staff=spec.is_superuser,
    )
    user.password = hashed_password
    # user_create makes ordinary logins; the demo administrator is the one exception.
    user.is_superuser = spec.is_superuser
    user.save(update_fields=["password", "is_superuser"])
    if spec.is_superuser:
        changes = {"is_superuser": [False, True]}
        audit_record(actor=actor, action="user.update", obj=user, changes=changes)
    return user


# Personal data requests (export, erasure) live in their own module; re-exported here because
# services are where every write is found.
from kamp.customers.privacy import contact_erase as contact_erase  # noqa: E402
from kamp.customers.privacy import contact_personal_data as contact_personal_data  # noqa: E402
