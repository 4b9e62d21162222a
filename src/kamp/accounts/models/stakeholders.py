"""The stakeholder map: people at the customer, seen through the buying centre."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamp.accounts.models.key_accounts import KeyAccount
from kamp.core.models import PublicModel
from kamp.customers.models import Contact


class Stakeholder(PublicModel):
    """A person at the customer, seen through the buying centre: role, influence, attitude."""

    class BuyingRole(models.TextChoices):
        ECONOMIC = "economic", _("Economic buyer")
        USER = "user", _("User buyer")
        TECHNICAL = "technical", _("Technical buyer")
        COACH = "coach", _("Coach")
        NONE = "", _("None")

    class DecisionRole(models.TextChoices):
        DECISION_MAKER = "decision_maker", _("Decision maker")
        INFLUENCER = "influencer", _("Influencer")
        GATEKEEPER = "gatekeeper", _("Gatekeeper")
        APPROVER = "approver", _("Approver")
        USER = "user", _("User")
        NONE = "", _("None")

    class Attitude(models.TextChoices):
        ENEMY = "enemy", _("Enemy")
        HOSTILE = "hostile", _("Hostile")
        NEUTRAL = "neutral", _("Neutral")
        SUPPORTER = "supporter", _("Supporter")
        MENTOR = "mentor", _("Mentor")

    class Level(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Political(models.TextChoices):
        RISING = "rising", _("Rising")
        STABLE = "stable", _("Stable")
        DECLINING = "declining", _("Declining")
        UNKNOWN = "", _("Unknown")

    key_account = models.ForeignKey(
        KeyAccount,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    buying_role = models.CharField(
        _("buying role"), max_length=16, choices=BuyingRole.choices, blank=True
    )
    decision_role = models.CharField(
        _("role in the decision"), max_length=16, choices=DecisionRole.choices, blank=True
    )
    influence = models.CharField(
        _("influence"), max_length=8, choices=Level.choices, default=Level.MEDIUM
    )
    attitude = models.CharField(
        _("attitude"), max_length=12, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    coverage = models.CharField(
        _("coverage"), max_length=8, choices=Level.choices, default=Level.LOW
    )
    political_status = models.CharField(
        _("political status"), max_length=12, choices=Political.choices, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_stakeholders",
    )
    last_met_on = models.DateField(_("last met on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["key_account_id", "contact__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_account", "contact"], name="stakeholder_once_per_account"
            )
        ]

    def __str__(self) -> str:
        return str(self.contact)

    def clean(self) -> None:
        if not (self.contact_id and self.key_account_id):
            return
        if self.contact.customer.head != self.key_account.customer:
            raise ValidationError({"contact": _("Choose someone in the account's group.")})
