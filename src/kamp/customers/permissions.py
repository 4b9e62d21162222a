"""Fetch-and-authorise helpers for customers and contacts, shared by pages and the API.

Both follow one rule: **404** when the user cannot see the object at all (so its existence does not
leak), **403** when they can see it but may not perform ``action`` on it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.customers.models import Contact, Customer

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AnonymousUser

    from kamp.organisation.permissions import Action
    from kamp.users.models import User


def _as_uuid(public_id: uuid.UUID | str) -> uuid.UUID:
    """A malformed id names no object: 404 rather than a server error."""
    if isinstance(public_id, uuid.UUID):
        return public_id
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None


#: Who else has a say on changing a contact: ``guard(user, contact)`` is False when a higher app
#: forbids it (the accounts app: a contact on a stakeholder map is changed only by who may
#: change that stakeholder). Apps register guards from ``AppConfig.ready()``; this app imports
#: none of them.
type ContactGuard = Callable[[User | AnonymousUser, Contact], bool]
_CONTACT_GUARDS: list[ContactGuard] = []


def register_contact_guard(guard: ContactGuard) -> None:
    """Add ``guard`` to the checks on changing or deleting a contact (once)."""
    if guard not in _CONTACT_GUARDS:
        _CONTACT_GUARDS.append(guard)


def can_change_contact(user: User | AnonymousUser, contact: Contact) -> bool:
    """Whether ``user`` may edit or delete ``contact``: change rights on its customer, and every
    registered guard agrees."""
    if not Contact.objects.visible_to(user, "change").filter(pk=contact.pk).exists():
        return False
    return all(guard(user, contact) for guard in _CONTACT_GUARDS)


def can_change_customer(user: User | AnonymousUser, customer: Customer) -> bool:
    """Whether ``user`` may edit ``customer`` and its contacts."""
    return Customer.objects.visible_to(user, "change").filter(pk=customer.pk).exists()


def get_customer_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> Customer:
    """The customer with ``public_id`` if ``user`` may ``action`` it.

    Raises ``Http404`` if the user cannot see it and ``PermissionDenied`` if they can see it but
    not ``action`` it.
    """
    key = _as_uuid(public_id)
    customer = (
        Customer.objects.visible_to(user, "view")
        .select_related("country", "business_unit", "parent", "group")
        .filter(public_id=key)
        .first()
    )
    if customer is None:
        raise Http404
    if (
        action != "view"
        and not Customer.objects.visible_to(user, action).filter(pk=customer.pk).exists()
    ):
        raise PermissionDenied
    return customer


def get_contact_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> Contact:
    """The contact with ``public_id`` if ``user`` may ``action`` it (404 / 403 as above)."""
    key = _as_uuid(public_id)
    contact = (
        Contact.objects.visible_to(user, "view")
        .select_related("customer", "customer__group", "reports_to")
        .filter(public_id=key)
        .first()
    )
    if contact is None:
        raise Http404
    if action != "view" and not can_change_contact(user, contact):
        raise PermissionDenied
    return contact
