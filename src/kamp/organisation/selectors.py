"""Reads of the organisation: reference data by code (countries, units, product lines), roles.

Views, API operations, forms and the CLI look reference rows up here rather than writing the
query again; country codes are ISO 3166-1 alpha-2, matched in capitals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamp.core.formatting import DEFAULT_CURRENCY
from kamp.organisation.models import (
    BusinessUnit,
    CompanySettings,
    Country,
    Membership,
    ProductLine,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet
    from django.http import HttpRequest

    from kamp.users.models import User


def country_by_code(code: str) -> Country | None:
    """The country with ISO code ``code`` (any case), or ``None``."""
    return Country.objects.filter(code=code.upper()).first()


def business_unit_by_code(code: str) -> BusinessUnit | None:
    """The business unit (profit centre) with ``code``, or ``None``."""
    return BusinessUnit.objects.filter(code=code).first()


def business_unit_codes() -> list[str]:
    """The codes of every business unit, to tell a user which ones exist."""
    return list(BusinessUnit.objects.values_list("code", flat=True))


def product_line_by_code(code: str) -> ProductLine | None:
    """The product line with ``code``, or ``None``."""
    return ProductLine.objects.filter(code=code).first()


def countries_by_codes(codes: Iterable[str]) -> list[Country]:
    """The countries among ``codes`` that exist (one query); unknown codes are left out."""
    return list(Country.objects.filter(code__in=[code.upper() for code in codes]))


def business_units_by_codes(codes: Iterable[str]) -> list[BusinessUnit]:
    """The business units among ``codes`` that exist (one query)."""
    return list(BusinessUnit.objects.filter(code__in=list(codes)))


def product_line_ids_by_code(codes: Iterable[str]) -> dict[str, int]:
    """Primary keys of the product lines among ``codes``, by code (one query)."""
    return dict(ProductLine.objects.filter(code__in=list(codes)).values_list("code", "pk"))


def membership_list(*, user: User) -> QuerySet[Membership]:
    """The roles ``user`` holds, with the business unit each is limited to."""
    return Membership.objects.for_user(user).select_related("business_unit")


def country_list() -> QuerySet[Country]:
    """Every country, by name: the choices of a country menu."""
    return Country.objects.all()


def business_unit_list() -> QuerySet[BusinessUnit]:
    """Every business unit, by name: the choices of a unit menu."""
    return BusinessUnit.objects.all()


def product_line_list() -> QuerySet[ProductLine]:
    """Every product line, by name: the choices of a product line menu."""
    return ProductLine.objects.all()


def company_settings() -> CompanySettings:
    """The company's settings; an unsaved default row until the director first saves them."""
    found = CompanySettings.objects.filter(pk=CompanySettings.SINGLETON_PK).first()
    return found or CompanySettings(pk=CompanySettings.SINGLETON_PK)


def company_currency(request: HttpRequest | None = None) -> str:
    """The ISO 4217 code of the company's currency (EUR until the director sets one).

    With ``request``, read once per request and kept on it (a page or an API list asks many
    times).
    """
    cached: str | None = getattr(request, "_kamp_currency", None)
    if cached is not None:
        return cached
    found = (
        CompanySettings.objects.filter(pk=CompanySettings.SINGLETON_PK)
        .values_list("currency", flat=True)
        .first()
    )
    currency = found or DEFAULT_CURRENCY
    if request is not None:
        setattr(request, "_kamp_currency", currency)  # noqa: B010 (not a request field)
    return currency
