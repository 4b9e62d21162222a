"""The account team and its RACI chart over the initiatives."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamp.accounts.models.initiatives import StrategicInitiative
from kamp.accounts.models.key_accounts import KeyAccount
from kamp.core.models import PublicModel


class TeamMember(PublicModel):
    """A member of a key account's team: a user, or a person without a login."""

    class Role(models.TextChoices):
        KAM = "kam", _("Key account manager")
        BU_LEAD = "bu_lead", _("Business-unit lead")
        COUNTRY_LEAD = "country_lead", _("Country lead")
        SERVICE = "service", _("Service")
        QUALITY = "quality", _("Quality")
        TECHNICAL = "technical", _("Technical")
        SPONSOR = "sponsor", _("Sponsor")
        OTHER = "other", _("Other")

    key_account = models.ForeignKey(
        KeyAccount, verbose_name=_("key account"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="account_teams",
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("Without a login."))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    allocation = models.PositiveSmallIntegerField(
        _("time allocation (%)"), default=10, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["key_account_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(user=None) | ~Q(name=""), name="team_member_user_or_name"
            ),
            models.UniqueConstraint(
                fields=["key_account", "user"],
                condition=~Q(user=None),
                name="team_member_once_per_account",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The user's name, or the name given for a person without a login."""
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    def clean(self) -> None:
        if self.user_id is None and not self.name.strip():
            raise ValidationError(_("Choose a user or give a name."))


class RaciAssignment(models.Model):
    """One team member's part in one initiative: R, A, S, C or I."""

    class Letter(models.TextChoices):
        RESPONSIBLE = "R", _("Responsible (does the work)")
        ACCOUNTABLE = "A", _("Accountable (approves)")
        SUPPORT = "S", _("Supports")
        CONSULTED = "C", _("Consulted")
        INFORMED = "I", _("Informed")

    initiative = models.ForeignKey(
        StrategicInitiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="raci",
    )
    member = models.ForeignKey(
        TeamMember, verbose_name=_("team member"), on_delete=models.CASCADE, related_name="raci"
    )
    letter = models.CharField(_("part"), max_length=1, choices=Letter.choices)

    class Meta:
        verbose_name = _("RACI assignment")
        verbose_name_plural = _("RACI assignments")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "member"], name="raci_once"),
            models.UniqueConstraint(
                fields=["initiative"], condition=Q(letter="A"), name="raci_one_accountable"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.member} {self.letter}"
