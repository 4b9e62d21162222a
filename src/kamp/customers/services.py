"""Every write on the customer base goes through these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kamp.core.audit import audit_record, diff_fields
from kamp.customers.models import Contact, Customer

if TYPE_CHECKING:
    from kamp.users.models import User

CUSTOMER_EDITABLE = ("name", "industry", "size", "country", "business_unit", "attributes")
CONTACT_EDITABLE = ("name", "title", "email", "phone", "reports_to", "source_id")


def _snapshot(obj: Customer | Contact, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _require(actor: User, customer: Customer) -> None:
    """Check, inside the write, that the actor may still change this customer."""
    if not Customer.objects.visible_to(actor, "change").filter(pk=customer.pk).exists():
        raise PermissionDenied


@transaction.atomic
def customer_create(
    *,
    actor: User | None,
    source_id: str,
    name: str,
    parent: Customer | None = None,
    **fields: Any,
) -> Customer:
    """Create a customer; it joins its parent's group. ``actor=None`` is the system (loaders)."""
    customer = Customer(source_id=source_id, name=name, parent=parent, **fields)
    customer.group = parent.head if parent is not None else None
    customer.full_clean()
    customer.save()
    audit_record(actor=actor, action="customer.create", obj=customer)
    return customer


@transaction.atomic
def customer_update(*, actor: User, customer: Customer, **fields: Any) -> Customer:
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
def contact_create(*, actor: User, customer: Customer, name: str, **fields: Any) -> Contact:
    """Add a person at a customer."""
    _require(actor, customer)
    contact = Contact(customer=customer, name=name, **fields)
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, action="contact.create", obj=contact)
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, **fields: Any) -> Contact:
    """Change a contact's details."""
    _require(actor, contact.customer)
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
    _require(actor, contact.customer)
    audit_record(actor=actor, action="contact.delete", obj=contact)
    contact.delete()
