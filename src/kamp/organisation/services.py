"""Writes on our own organisation: regions, countries, units, product lines and memberships.

Only a superuser or a programme director shapes the organisation; ``actor=None`` is the system
(the command line run by the operator, or a loader).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.core.audit import audit_record
from kamp.organisation.models import (
    BusinessUnit,
    CompanySettings,
    Country,
    Membership,
    ProductLine,
    Region,
)
from kamp.organisation.permissions import has_role

if TYPE_CHECKING:
    from django.db.models import Model

    from kamp.users.models import User


def _require_organiser(actor: User | None) -> None:
    """Check that ``actor`` may change the organisation (``None``, the system, always may)."""
    if actor is not None and not has_role(actor, Membership.Role.PROGRAMME_DIRECTOR):
        raise PermissionDenied(_("Only a programme director can change the organisation."))


def _save_new[M: Model](obj: M, *, actor: User | None, action: str) -> M:
    """Validate, save and audit a new organisation object."""
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj)
    return obj


@transaction.atomic
def region_create(*, actor: User | None, code: str, name: str) -> Region:
    """Create a reporting region."""
    _require_organiser(actor)
    return _save_new(Region(code=code, name=name), actor=actor, action="region.create")


@transaction.atomic
def country_create(
    *, actor: User | None, code: str, name: str, region: Region | None = None
) -> Country:
    """Add a country we sell in, by its ISO code."""
    _require_organiser(actor)
    return _save_new(
        Country(code=code, name=name, region=region), actor=actor, action="country.create"
    )


@transaction.atomic
def business_unit_create(
    *, actor: User | None, code: str, name: str, director: User | None = None
) -> BusinessUnit:
    """Create a business unit (profit centre), optionally with its director."""
    _require_organiser(actor)
    return _save_new(
        BusinessUnit(code=code, name=name, director=director),
        actor=actor,
        action="business_unit.create",
    )


@transaction.atomic
def business_unit_set_director(
    *, actor: User | None, unit: BusinessUnit, director: User | None
) -> BusinessUnit:
    """Name (or clear) the director of a unit. Doing it twice is harmless."""
    _require_organiser(actor)
    if unit.director_id != (director.pk if director else None):
        before = unit.director_id
        unit.director = director
        unit.full_clean()
        unit.save(update_fields=["director", "updated_at"])
        changes = {"director": [before, director.pk if director else None]}
        audit_record(actor=actor, action="business_unit.update", obj=unit, changes=changes)
    return unit


@transaction.atomic
def product_line_create(
    *, actor: User | None, code: str, name: str, business_unit: BusinessUnit | None = None
) -> ProductLine:
    """Create a product line, optionally owned by a business unit."""
    _require_organiser(actor)
    return _save_new(
        ProductLine(code=code, name=name, business_unit=business_unit),
        actor=actor,
        action="product_line.create",
    )


@transaction.atomic
def membership_create(
    *, actor: User | None, user: User, role: str, business_unit: BusinessUnit | None = None
) -> Membership:
    """Give ``user`` a role, over the whole customer base or over one business unit."""
    _require_organiser(actor)
    return _save_new(
        Membership(user=user, role=role, business_unit=business_unit),
        actor=actor,
        action="membership.create",
    )


@transaction.atomic
def membership_delete(*, actor: User | None, membership: Membership) -> None:
    """Take a role away (single sign-on does it when the provider took the group away)."""
    _require_organiser(actor)
    audit_record(actor=actor, action="membership.delete", obj=membership)
    membership.delete()


def company_settings_update(*, actor: User | None, currency: str) -> CompanySettings:
    """Set the company's currency (an ISO 4217 code); only the programme director may.

    kamp keeps amounts as they were imported and converts nothing: the currency names what
    they are, on every page, document and export.
    """
    if actor is not None and not has_role(actor, Membership.Role.PROGRAMME_DIRECTOR):
        raise PermissionDenied(_("Only a programme director can change the company settings."))
    company, created = CompanySettings.objects.select_for_update().get_or_create(
        pk=CompanySettings.SINGLETON_PK
    )
    before = company.currency
    company.currency = currency.strip().upper()
    company.full_clean()
    if company.currency != before or created:
        company.save()
        audit_record(
            actor=actor,
            action="company_settings.update",
            obj=company,
            changes={"currency": [before, company.currency]},
        )
    return company
