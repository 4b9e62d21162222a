"""Our own organisation: regions and countries, business units (profit centres), product lines,
and the memberships that give each user a role in the programme."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamp.core.formatting import DEFAULT_CURRENCY, is_currency
from kamp.core.models import TimeStampedModel

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from kamp.users.models import User


class Region(models.Model):
    """A group of countries used in reporting (e.g. Iberia, DACH)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A country, keyed by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="countries",
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (len(self.code) == 2 and self.code.isascii() and self.code.isupper()):
            raise ValidationError({"code": _("Use the two-letter ISO code in capitals, e.g. ES.")})


class BusinessUnit(TimeStampedModel):
    """A business unit run as a profit centre; its director lends people and budget to accounts."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("director"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directed_units",
    )

    class Meta:
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductLine(models.Model):
    """One of our product or service lines, optionally owned by a business unit."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="product_lines",
    )

    class Meta:
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: User) -> MembershipQuerySet:
        return self.filter(user=user)


class Membership(TimeStampedModel):
    """A user's role in the programme, optionally limited to one business unit.

    A membership without a business unit covers the whole customer base; one with a unit covers
    the customers that unit serves. A user may hold several memberships.
    """

    class Role(models.TextChoices):
        PROGRAMME_DIRECTOR = "programme_director", _("Programme director")
        KAM = "kam", _("Key account manager")
        EXECUTIVE = "executive", _("Executive")
        PC_DIRECTOR = "pc_director", _("Profit-centre director")
        TEAM_MEMBER = "team_member", _("Team member")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Leave empty for the whole customer base."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "business_unit"], name="membership_unique_scoped"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(business_unit__isnull=True),
                name="membership_unique_global",
            ),
        ]

    def __str__(self) -> str:
        scope = self.business_unit.name if self.business_unit else _("all")
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self) -> None:
        if self.role == self.Role.PC_DIRECTOR and self.business_unit_id is None:
            raise ValidationError(
                {"business_unit": _("A profit-centre director directs a business unit.")}
            )


def units_of(user: User) -> QuerySet[BusinessUnit]:
    """The business units named in the user's memberships."""
    return BusinessUnit.objects.filter(memberships__user=user).distinct()


class CompanySettings(TimeStampedModel):
    """Settings of the company that runs the programme: one row (``pk=1``), set by the director.

    ``currency`` is the ISO 4217 code every amount in kamp is kept and shown in (pages,
    documents, exports); kamp does not convert between currencies.
    """

    SINGLETON_PK = 1

    currency = models.CharField(
        _("currency"),
        max_length=3,
        default=DEFAULT_CURRENCY,
        help_text=_("ISO 4217 code of the currency every amount is kept in, e.g. EUR."),
    )

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")

    def __str__(self) -> str:
        return str(_("Company settings"))

    def clean(self) -> None:
        if not is_currency(self.currency):
            raise ValidationError({"currency": _("Use an ISO 4217 currency code, e.g. EUR.")})
