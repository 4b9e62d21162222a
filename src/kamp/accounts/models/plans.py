"""Account plans: the written sections of a year's plan, its profit plan and its revisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.accounts.models.key_accounts import KeyAccount, account_scope
from kamp.core.models import PublicModel
from kamp.organisation.models import ProductLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from kamp.users.models import User


#: The written sections of an account plan, in reading order (methodology section 3.1).
PLAN_SECTIONS: tuple[tuple[str, StrOrPromise], ...] = (
    ("executive_summary", _("Executive summary")),
    ("customer_profile", _("Customer profile")),
    ("customer_vision", _("The customer's vision and strategy")),
    ("customer_kpis", _("The customer's own KPIs")),
    ("business_drivers", _("Business drivers and trends")),
    ("swot_strengths", _("Strengths")),
    ("swot_weaknesses", _("Weaknesses")),
    ("swot_opportunities", _("Opportunities")),
    ("swot_threats", _("Threats")),
    ("competitors", _("Competitors")),
    ("value_problem", _("Value proposition: the customer's problem")),
    ("value_impact", _("Value proposition: its impact")),
    ("value_measured", _("Value proposition: the value we measure")),
    ("value_reward", _("Value proposition: our reward")),
    ("goals", _("Goals")),
    ("objectives", _("Quantified objectives")),
)
SECTION_FIELDS = tuple(name for name, _label in PLAN_SECTIONS)


class AccountPlanQuerySet(models.QuerySet["AccountPlan"]):
    def visible_to(self, user: User | AnonymousUser) -> AccountPlanQuerySet:
        """Plans of the key accounts the user may see."""
        scope = account_scope(user, "key_account__")
        return self if scope is None else self.filter(scope)


def _section(name: str) -> models.TextField[str, str]:
    return models.TextField(dict(PLAN_SECTIONS)[name], blank=True, default="")


class AccountPlan(PublicModel):
    """The plan of one key account for one year; every save keeps a numbered revision."""

    key_account = models.ForeignKey(
        KeyAccount, verbose_name=_("key account"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    executive_summary = _section("executive_summary")
    customer_profile = _section("customer_profile")
    customer_vision = _section("customer_vision")
    customer_kpis = _section("customer_kpis")
    business_drivers = _section("business_drivers")
    swot_strengths = _section("swot_strengths")
    swot_weaknesses = _section("swot_weaknesses")
    swot_opportunities = _section("swot_opportunities")
    swot_threats = _section("swot_threats")
    competitors = _section("competitors")
    value_problem = _section("value_problem")
    value_impact = _section("value_impact")
    value_measured = _section("value_measured")
    value_reward = _section("value_reward")
    goals = _section("goals")
    objectives = _section("objectives")
    last_review_on = models.DateField(_("last review"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = AccountPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        ordering = ["key_account_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["key_account", "year"], name="plan_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.key_account} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:plan-detail", kwargs={"public_id": self.public_id})

    def completeness(self, *, has_profit_plan: bool) -> int:
        """Percentage of the plan filled in: its sections, a profit plan, a next review date."""
        filled = sum(1 for name in SECTION_FIELDS if getattr(self, name).strip())
        filled += int(has_profit_plan) + int(self.next_review_on is not None)
        return round(100 * filled / (len(SECTION_FIELDS) + 2))

    def sections(self) -> dict[str, str]:
        """The written sections, by field name."""
        return {name: getattr(self, name) for name in SECTION_FIELDS}


class ProfitPlanLine(models.Model):
    """Current (last year's sales) and target revenue and margin of one product line."""

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines"
    )
    product_line = models.ForeignKey(
        ProductLine, verbose_name=_("product line"), on_delete=models.PROTECT, related_name="+"
    )
    current_revenue = models.DecimalField(
        _("current revenue"), max_digits=16, decimal_places=2, default=0
    )
    current_margin = models.DecimalField(
        _("current margin"), max_digits=16, decimal_places=2, default=0
    )
    target_revenue = models.DecimalField(
        _("target revenue"), max_digits=16, decimal_places=2, default=0
    )
    target_margin = models.DecimalField(
        _("target margin"), max_digits=16, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("profit plan line")
        verbose_name_plural = _("profit plan lines")
        ordering = ["product_line__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "product_line"], name="profit_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.product_line}"


class PlanRevision(models.Model):
    """A numbered snapshot of a plan's sections, kept at every save."""

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} r{self.number}"
