"""Key accounts: the customer groups the programme manages, their KAM, tier and status.

A key account is born *nominated* when the steering committee validates a proposed account of a
selection run (:func:`kamp.accounts.services.key_account_nominate`, called by the selection
service). This app never imports the selection app: the run it came from is a string reference.
Later issues add account plans, teams and sponsors on top of this small model.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel
from kamp.customers.models import Contact, Customer, customer_scope
from kamp.organisation.models import BusinessUnit, Country, Membership, ProductLine
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from kamp.organisation.permissions import Action
    from kamp.users.models import User

#: Who may change key accounts (assign a KAM, change tier or status): the programme director.
CHANGE_ROLES = frozenset({Membership.Role.PROGRAMME_DIRECTOR})


class KeyAccountQuerySet(models.QuerySet["KeyAccount"]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> KeyAccountQuerySet:
        """Key accounts whose group the user may see; changes need the programme director."""
        if action == "change" and not reach(user, CHANGE_ROLES).everything:
            return self.none()
        scope = customer_scope(user, "view", prefix="customer__")
        return self if scope is None else self.filter(scope)

    def current(self) -> KeyAccountQuerySet:
        """Every key account that has not exited the programme."""
        return self.exclude(status=KeyAccount.Status.EXITED)


class RelationshipStage(models.TextChoices):
    """McDonald and Rogers' five stages of relationship maturity, plus breaking down."""

    EXPLORATORY = "exploratory", _("Exploratory")
    BASIC = "basic", _("Basic")
    COOPERATIVE = "cooperative", _("Cooperative")
    INTERDEPENDENT = "interdependent", _("Interdependent")
    INTEGRATED = "integrated", _("Integrated")
    DISINTEGRATING = "disintegrating", _("Disintegrating")


class KeyAccount(PublicModel):
    """A customer group managed as a key account."""

    class Tier(models.TextChoices):
        GOLD = "gold", _("Gold")
        SILVER = "silver", _("Silver")
        BRONZE = "bronze", _("Bronze")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        VALIDATED = "validated", _("Validated")
        ACTIVE = "active", _("Active")
        EXITED = "exited", _("Exited")

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer group"),
        on_delete=models.PROTECT,
        related_name="key_accounts",
    )
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("key account manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_accounts",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executive sponsor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_key_accounts",
    )
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOMINATED
    )
    nominated_from = models.ForeignKey(
        "selection.SelectionRun",
        verbose_name=_("nominated by the selection run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_on = models.DateField(_("nominated on"))
    status_changed_on = models.DateField(_("status changed on"))
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    relationship_stage = models.CharField(
        _("relationship stage"),
        max_length=16,
        choices=RelationshipStage.choices,
        default=RelationshipStage.EXPLORATORY,
    )
    target_stage = models.CharField(
        _("target relationship stage"),
        max_length=16,
        choices=RelationshipStage.choices,
        default=RelationshipStage.COOPERATIVE,
    )
    stage_changed_on = models.DateField(_("stage changed on"), null=True, blank=True)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries in scope"), blank=True, related_name="+"
    )
    business_units = models.ManyToManyField(
        BusinessUnit,
        verbose_name=_("business units in scope"),
        blank=True,
        related_name="key_accounts",
    )
    #: Bumped by every profile change, so two concurrent edits cannot overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = KeyAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("key account")
        verbose_name_plural = _("key accounts")
        ordering = ["customer__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=~Q(status="exited"),
                name="key_account_one_current_per_customer",
            )
        ]

    def __str__(self) -> str:
        return str(self.customer)

    def get_absolute_url(self) -> str:
        return reverse("accounts:key-account-detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        if self.customer_id and self.customer.parent_id is not None:
            raise ValidationError({"customer": _("A key account is a whole group: pick its head.")})


class RelationshipStageChange(models.Model):
    """One dated change of a key account's current or target relationship stage."""

    key_account = models.ForeignKey(
        KeyAccount,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=RelationshipStage.choices)
    target_stage = models.CharField(
        _("target stage"), max_length=16, choices=RelationshipStage.choices
    )
    changed_on = models.DateField(_("changed on"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("relationship stage change")
        verbose_name_plural = _("relationship stage changes")
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.key_account}: {self.stage} -> {self.target_stage}"


InitiativeRight = Literal["view", "change", "decide"]

#: The steering committee: who may decide any initiative (besides the account's own sponsor).
COMMITTEE_ROLES = frozenset({Membership.Role.PROGRAMME_DIRECTOR, Membership.Role.EXECUTIVE})


def _account_scope(user: User | AnonymousUser, prefix: str) -> Q | None:
    """The filter of key accounts ``user`` may see, on a model reaching them through ``prefix``."""
    return customer_scope(user, "view", prefix=f"{prefix}customer__")


class StrategicInitiativeQuerySet(models.QuerySet["StrategicInitiative"]):
    def visible_to(
        self, user: User | AnonymousUser, action: InitiativeRight = "view"
    ) -> StrategicInitiativeQuerySet:
        """Initiatives of visible accounts; ``change``: the account's KAM, the initiative's owner
        or the director; ``decide``: the account's sponsor or the steering committee."""
        scope = _account_scope(user, "key_account__")
        qs = self if scope is None else self.filter(scope)
        if action == "view" or reach(user, CHANGE_ROLES).everything:
            return qs
        if action == "decide":
            if reach(user, COMMITTEE_ROLES).everything:
                return qs
            return (
                qs.filter(key_account__sponsor_id=user.pk) if user.is_authenticated else qs.none()
            )
        if not user.is_authenticated:
            return qs.none()
        return qs.filter(Q(key_account__kam_id=user.pk) | Q(owner_id=user.pk))


class StrategicInitiative(PublicModel):
    """A strategic initiative of a key account, validated by its sponsor or the committee."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    key_account = models.ForeignKey(
        KeyAccount,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), blank=True)
    expected_value = models.DecimalField(
        _("expected value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    investment = models.DecimalField(
        _("investment"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_initiatives",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = StrategicInitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategic initiative")
        verbose_name_plural = _("strategic initiatives")
        ordering = ["key_account_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accounts:initiative-detail", kwargs={"public_id": self.public_id})

    @property
    def is_editable(self) -> bool:
        """Content can change while drafting, or when the deciders asked for changes."""
        return self.status in {self.Status.DRAFT, self.Status.CHANGES_REQUESTED}


class InitiativeEvent(models.Model):
    """One step of an initiative's history: a status change or a comment, by whom, when."""

    initiative = models.ForeignKey(
        StrategicInitiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=StrategicInitiative.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=StrategicInitiative.Status.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("initiative event")
        verbose_name_plural = _("initiative events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status} -> {self.to_status}"


class Milestone(PublicModel):
    """A dated milestone of an initiative."""

    initiative = models.ForeignKey(
        StrategicInitiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class InitiativeActionQuerySet(models.QuerySet["InitiativeAction"]):
    def visible_to(self, user: User | AnonymousUser) -> InitiativeActionQuerySet:
        """Actions of initiatives the user may see."""
        scope = _account_scope(user, "initiative__key_account__")
        return self if scope is None else self.filter(scope)

    def overdue(self, today: dt.date) -> InitiativeActionQuerySet:
        """Open actions whose due date has passed."""
        return self.filter(due_on__lt=today).exclude(
            status__in=[InitiativeAction.Status.DONE, InitiativeAction.Status.CANCELLED]
        )

    def for_follow_up(self, user: User | AnonymousUser) -> InitiativeActionQuerySet:
        """What a user follows up: every action for the director, their accounts' for a KAM,
        their own otherwise."""
        if reach(user, CHANGE_ROLES).everything:
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(initiative__key_account__kam_id=user.pk) | Q(owner_id=user.pk))


class InitiativeAction(PublicModel):
    """A task of an initiative: who does it, by when, how far it is."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    initiative = models.ForeignKey(
        StrategicInitiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiative_actions",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = InitiativeActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        """Whether the action is still open after its due date."""
        return (
            self.due_on is not None
            and self.due_on < today
            and self.status not in {self.Status.DONE, self.Status.CANCELLED}
        )


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
        scope = _account_scope(user, "key_account__")
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


#: Who answers resource requests: the director of the profit centre they are addressed to.
ANSWER_ROLES = frozenset({Membership.Role.PC_DIRECTOR})


class ResourceRequestQuerySet(models.QuerySet["ResourceRequest"]):
    def visible_to(self, user: User | AnonymousUser) -> ResourceRequestQuerySet:
        """Requests of initiatives the user sees, and those addressed to units they direct."""
        scope = _account_scope(user, "initiative__key_account__")
        if scope is None:
            return self
        directed = reach(user, ANSWER_ROLES)
        if directed.everything:
            return self
        return self.filter(scope | Q(business_unit_id__in=directed.unit_ids))

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
