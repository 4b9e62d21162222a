"""Targets, monthly KPI snapshots and opportunities: what the programme aims at, what it measured
month by month (so a trend survives later imports), and the pipeline the forecasts read.

Actuals are never stored here except in snapshots: they are computed from the sales facts
(:mod:`kamp.performance.selectors`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kamp.accounts.models import KeyAccount, RelationshipStage
from kamp.core.models import PublicModel, TimeStampedModel
from kamp.customers.models import Customer, customer_scope
from kamp.organisation.models import ProductLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User

QUARTERS = [(q, f"Q{q}") for q in range(1, 5)]


class ProgrammeKpi(models.TextChoices):
    """The programme KPIs a target can be set for (method §5.1)."""

    KA_REVENUE_SHARE = "ka_revenue_share", _("Key-account share of revenue")
    KA_CUSTOMER_SHARE = "ka_customer_share", _("Key-account share of customers")
    KA_GROWTH = "ka_growth", _("Key-account revenue growth")
    GROWTH_RATIO = "growth_ratio", _("Key-account growth vs the rest")
    KA_REVENUE = "ka_revenue_12m", _("Key-account revenue, 12 months")
    SPONSOR_COVERAGE = "sponsor_coverage", _("Sponsor coverage")
    PLAN_COVERAGE = "plan_coverage", _("Plan coverage")
    KA_MARGIN_PCT = "ka_margin_pct", _("Key-account margin %")


class AccountTargetQuerySet(models.QuerySet["AccountTarget"]):
    def visible_to(self, user: User | AnonymousUser) -> AccountTargetQuerySet:
        scope = customer_scope(user, "view", prefix="key_account__customer__")
        return self if scope is None else self.filter(scope)


class AccountTarget(PublicModel):
    """A key account's target for a year, or a quarter of it: revenue, margin, stage by a date."""

    key_account = models.ForeignKey(
        KeyAccount, verbose_name=_("key account"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, choices=QUARTERS, help_text=_("Empty: the year.")
    )
    revenue = models.DecimalField(
        _("revenue target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    margin = models.DecimalField(
        _("margin target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField(
        _("stage aimed at"), max_length=16, choices=RelationshipStage.choices, blank=True
    )
    stage_by = models.DateField(_("stage reached by"), null=True, blank=True)

    objects = AccountTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("account target")
        verbose_name_plural = _("account targets")
        ordering = ["key_account_id", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_account", "year", "quarter"], name="account_target_one_per_period"
            ),
            models.UniqueConstraint(
                fields=["key_account", "year"],
                condition=Q(quarter__isnull=True),
                name="account_target_one_per_year",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.key_account_id} {period}"

    def clean(self) -> None:
        if bool(self.stage) != bool(self.stage_by):
            raise ValidationError(
                {"stage_by": _("Give both the stage aimed at and the date to reach it.")}
            )


class ProgrammeTarget(PublicModel):
    """A programme KPI's target for a year, or a quarter of it (a fraction for shares)."""

    kpi = models.CharField(_("KPI"), max_length=32, choices=ProgrammeKpi.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, choices=QUARTERS, help_text=_("Empty: the year.")
    )
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["kpi", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "year", "quarter"], name="programme_target_one_per_period"
            ),
            models.UniqueConstraint(
                fields=["kpi", "year"],
                condition=Q(quarter__isnull=True),
                name="programme_target_one_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.year}"


class KpiSnapshot(TimeStampedModel):
    """The KPI figures of one month, as measured then: the programme's, or one key account's.

    ``values`` holds the same JSON-ready figures as ``kamp kpi`` (money as exact strings).
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    key_account = models.ForeignKey(
        KeyAccount,
        verbose_name=_("key account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    values = models.JSONField(_("values"), default=dict)

    class Meta:
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        ordering = ["month", "key_account_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "key_account"], name="kpi_snapshot_one_per_month"
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(key_account__isnull=True),
                name="kpi_snapshot_one_programme_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.key_account_id or 'programme'}"


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def visible_to(self, user: User | AnonymousUser) -> OpportunityQuerySet:
        scope = customer_scope(user, "view", prefix="customer__")
        return self if scope is None else self.filter(scope)


class Opportunity(PublicModel):
    """A deal in the pipeline of a customer (method §5.3, §6.1)."""

    opportunity_id = models.CharField(
        _("opportunity id"),
        max_length=64,
        unique=True,
        help_text=_("The identifier in the source system (CRM)."),
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    probability = models.DecimalField(
        _("probability"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("From 0 to 1."),
    )
    expected_close = models.DateField(_("expected close"))
    stage = models.CharField(_("stage"), max_length=64, blank=True)
    product_line = models.ForeignKey(
        ProductLine,
        verbose_name=_("product line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["expected_close", "opportunity_id"]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.name}"

    def clean(self) -> None:
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("An amount cannot be negative.")})
