"""The white-space matrix: the KAM's view of countries (or divisions) x product lines."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamp.accounts.models.key_accounts import KeyAccount
from kamp.customers.models import Customer
from kamp.organisation.models import Country, ProductLine


class WhiteSpaceCell(models.Model):
    """The KAM's view of one country (or division) x product line of a key account.

    A row is either a country or a division (a company of the group), never both.
    """

    class Status(models.TextChoices):
        SOLD = "sold", _("Sold")
        OPPORTUNITY = "opportunity", _("Open opportunity")
        WHITE_SPACE = "white_space", _("White space")
        COMPETITOR = "competitor", _("Competitor-held")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    key_account = models.ForeignKey(
        KeyAccount,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="white_space",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        Customer,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    product_line = models.ForeignKey(
        ProductLine, verbose_name=_("product line"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    wallet_estimate = models.DecimalField(
        _("wallet estimate"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    competitor = models.CharField(_("competitor"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("white-space cell")
        verbose_name_plural = _("white-space cells")
        constraints = [
            models.UniqueConstraint(
                fields=["key_account", "country", "product_line"],
                condition=Q(division=None),
                name="white_space_cell_once",
            ),
            models.UniqueConstraint(
                fields=["key_account", "division", "product_line"],
                condition=Q(country=None),
                name="white_space_division_cell_once",
            ),
            models.CheckConstraint(
                condition=(Q(country=None) & ~Q(division=None))
                | (~Q(country=None) & Q(division=None)),
                name="white_space_country_or_division",
            ),
        ]

    def __str__(self) -> str:
        row = self.country_id or self.division_id
        return f"{self.key_account}: {row} x {self.product_line_id}"
