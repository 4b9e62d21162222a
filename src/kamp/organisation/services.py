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
from kamp.organisation.models import BusinessUnit, Country, Membership, ProductLine, Region
from kamp.organisation.permissions import has_role

if TYPE_CHECKING:
    from kamp.users.models import User


def _require_organiser(actor: User | None) -> None:
    """Check that ``actor`` may change the organisation (``None``, the system, always may)."""
    if actor is not None and not has_role(actor, Membership.Role.PROGRAMME_DIRECTOR):
        raise PermissionDenied(_("Only a programme director can change the organisation."))


@transaction.atomic
def region_create(*, actor: User | None, code: str, name: str) -> Region:
    """Create a reporting region."""
    _require_organiser(actor)
    region = Region(code=code, name=name)
    region.full_clean()
    region.save()
    audit_record(actor=actor, action="region.create", obj=region)
    return region


@transaction.atomic
def country_create(
    *, actor: User | None, code: str, name: str, region: Region | None = None
) -> Country:
    """Add a country we sell in, by its ISO code."""
    _require_organiser(actor)
    country = Country(code=code, name=name, region=region)
    country.full_clean()
    country.save()
    audit_record(actor=actor, action="country.create", obj=country)
    return country


@transaction.atomic
def business_unit_create(
    *, actor: User | None, code: str, name: str, director: User | None = None
) -> BusinessUnit:
    """Create a business unit (profit centre), optionally with its director."""
    _require_organiser(actor)
    unit = BusinessUnit(code=code, name=name, director=director)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="business_unit.create", obj=unit)
    return unit


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
    line = ProductLine(code=code, name=name, business_unit=business_unit)
    line.full_clean()
    line.save()
    audit_record(actor=actor, action="product_line.create", obj=line)
    return line


@transaction.atomic
def membership_create(
    *, actor: User | None, user: User, role: str, business_unit: BusinessUnit | None = None
) -> Membership:
    """Give ``user`` a role, over the whole customer base or over one business unit."""
    _require_organiser(actor)
    membership = Membership(user=user, role=role, business_unit=business_unit)
    membership.full_clean()
    membership.save()
    audit_record(actor=actor, action="membership.create", obj=membership)
    return membership
