"""Resource requests: what an initiative asks of a profit centre, and the answer."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamp.accounts.models.initiatives import StrategicInitiative
from kamp.core.models import PublicModel
from kamp.organisation.models import BusinessUnit, Membership
from kamp.organisation.permissions import CUSTOMER_ACTIONS, reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User


#: Who answers resource requests: the director of the profit centre they are addressed to.
ANSWER_ROLES = frozenset({Membership.Role.PC_DIRECTOR})


class ResourceRequestQuerySet(models.QuerySet["ResourceRequest"]):
    def visible_to(self, user: User | AnonymousUser) -> ResourceRequestQuerySet:
        """Requests addressed to the user's units, or made by the user; all for whole-base
        readers (an account's requests to other units are those units' business)."""
        r = reach(user, CUSTOMER_ACTIONS["view"])
        if r.everything:
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(business_unit_id__in=r.unit_ids) | Q(requested_by_id=user.pk))

    def to_answer_by(self, user: User | AnonymousUser) -> ResourceRequestQuerySet:
        """Pending requests addressed to the units the user directs, waiting longest first."""
        directed = reach(user, ANSWER_ROLES)
        pending = self.filter(status=ResourceRequest.Status.PENDING).order_by("created_at", "id")
        if directed.everything:
            return pending
        return pending.filter(business_unit_id__in=directed.unit_ids)


class ResourceRequest(PublicModel):
    """What an initiative asks of a profit centre, and what its director commits."""

    class Kind(models.TextChoices):
        PEOPLE_DAYS = "people_days", _("People-days")
        BUDGET = "budget", _("Budget")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        COMMITTED = "committed", _("Committed")
        PARTLY_COMMITTED = "partly_committed", _("Partly committed")
        DECLINED = "declined", _("Declined")

    initiative = models.ForeignKey(
        StrategicInitiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="resource_requests",
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("profit centre"),
        on_delete=models.PROTECT,
        related_name="resource_requests",
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    period = models.CharField(
        _("period"), max_length=32, help_text=_("For example 2026 or 2026-H1.")
    )
    description = models.TextField(_("what for"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    committed_amount = models.DecimalField(
        _("committed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    answer_comment = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ResourceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource request")
        verbose_name_plural = _("resource requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="resource_request_positive")
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.amount} {self.kind} ({self.business_unit})"

    @property
    def gap(self) -> Decimal:
        """What was asked and is not (yet) committed."""
        return self.amount - (self.committed_amount or Decimal(0))
