"""Programme governance: the charter, leaders' interviews, steering reviews and the roadmap.

Top management owns the programme (method §2.5, Halifax's first steps): it starts from the
company's business challenges and the leaders' interviews, is steered by periodic reviews that
validate each programme point, and follows the method's phases on a roadmap. Executive
sponsorship of key accounts (method §3.6) lives here too: the sponsor is
``accounts.KeyAccount.sponsor``; this app adds the counterpart, cadence and engagement log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel, TimeStampedModel

if TYPE_CHECKING:
    import datetime as dt


class Charter(TimeStampedModel):
    """The programme's charter: its name, scope and owner (one per installation)."""

    name = models.CharField(_("name"), max_length=200)
    scope = models.TextField(_("scope"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("programme charter")
        verbose_name_plural = _("programme charters")

    def __str__(self) -> str:
        return self.name


class BusinessChallenge(PublicModel):
    """A business challenge the programme serves, with the objectives tied to it."""

    class Kind(models.TextChoices):
        INNOVATION = "innovation", _("Innovation")
        CUSTOMER_FOCUS = "customer_focus", _("Refocus on customers")
        SILOS = "silos", _("Breaking silos")
        PORTFOLIO_ASSET = "portfolio_asset", _("Customer portfolio as an asset")
        BUSINESS_MODEL = "business_model", _("Change of business model")
        OTHER = "other", _("Other")

    charter = models.ForeignKey(
        Charter, verbose_name=_("charter"), on_delete=models.CASCADE, related_name="challenges"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("business challenge")
        verbose_name_plural = _("business challenges")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Objective(PublicModel):
    """A measurable objective serving one business challenge."""

    challenge = models.ForeignKey(
        BusinessChallenge,
        verbose_name=_("business challenge"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    title = models.CharField(_("title"), max_length=200)
    kpi = models.CharField(_("indicator"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Interview(PublicModel):
    """A management interview: who, when, and what they expect, fear and said."""

    interviewee = models.CharField(_("interviewee"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"))
    themes = models.JSONField(_("themes"), default=list, blank=True)
    expectations = models.TextField(_("expectations"), blank=True)
    concerns = models.TextField(_("concerns"), blank=True)
    quotes = models.TextField(_("key quotes"), blank=True)

    class Meta:
        verbose_name = _("management interview")
        verbose_name_plural = _("management interviews")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.interviewee} ({self.held_on:%Y-%m-%d})"

    def clean(self) -> None:
        if not isinstance(self.themes, list) or not all(isinstance(t, str) for t in self.themes):
            raise ValidationError({"themes": _("Themes are a list of words or phrases.")})


class SteeringReview(PublicModel):
    """A steering committee meeting: attendees, agenda, decisions and validated points."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="+"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        verbose_name = _("steering review")
        verbose_name_plural = _("steering reviews")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("programme:review-detail", kwargs={"public_id": self.public_id})


class PointValidation(TimeStampedModel):
    """A programme point the review decided on, optionally naming the object concerned."""

    class Point(models.TextChoices):
        CHARTER = "charter", _("Charter")
        SEGMENTS = "segments", _("Segments and selection run")
        TIERS = "tiers", _("Tiers")
        SPONSORSHIP = "sponsorship", _("Sponsorship plan")
        ACCOUNT_PLAN = "account_plan", _("Account plan")
        INITIATIVE = "initiative", _("Initiative")
        ROADMAP = "roadmap", _("Roadmap")

    class Decision(models.TextChoices):
        VALIDATED = "validated", _("Validated")
        TO_REWORK = "to_rework", _("To rework")
        DEFERRED = "deferred", _("Deferred")

    review = models.ForeignKey(
        SteeringReview,
        verbose_name=_("steering review"),
        on_delete=models.CASCADE,
        related_name="validations",
    )
    point = models.CharField(_("programme point"), max_length=16, choices=Point.choices)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    selection_run = models.ForeignKey(
        "selection.SelectionRun",
        verbose_name=_("selection run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_account = models.ForeignKey(
        "accounts.KeyAccount",
        verbose_name=_("key account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("programme point validation")
        verbose_name_plural = _("programme point validations")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_point_display()}: {self.get_decision_display()}"


class ReviewAction(PublicModel):
    """An action decided in a steering review, with its owner and due date."""

    review = models.ForeignKey(
        SteeringReview,
        verbose_name=_("steering review"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")
        ordering = ["done", "due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: dt.date) -> bool:
        """Open and past its due date."""
        return not self.done and self.due_on is not None and self.due_on < today


class Milestone(PublicModel):
    """A milestone on the roadmap, in one of the method's phases."""

    class Phase(models.TextChoices):
        ALIGNMENT = "alignment", _("Alignment with business challenges")
        SPONSORSHIP = "sponsorship", _("Executive sponsorship")
        SELECTION = "selection", _("Segmentation and selection")
        SIX_POINTS = "six_points", _("The six points")
        CASTING = "casting", _("Casting")
        LAUNCH = "launch", _("Launch")
        IMPROVEMENT = "improvement", _("Continuous improvement")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    title = models.CharField(_("milestone"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def phase_index(self) -> int:
        """The phase's position in the method (0 for alignment)."""
        return list(self.Phase.values).index(self.phase)


#: Days between a sponsor's engagements with the account, by tier (method §3.6: Gold
#: quarterly, Silver half-yearly, Bronze yearly). Override with the ``SPONSOR_CADENCE_DAYS``
#: setting, or per account with :attr:`Sponsorship.cadence_days`.
DEFAULT_CADENCE_DAYS: dict[str, int] = {"gold": 91, "silver": 182, "bronze": 365}


def cadence_for_tier(tier: str) -> int:
    """The default number of days between engagements for a tier."""
    configured: dict[str, int] = getattr(settings, "SPONSOR_CADENCE_DAYS", {})
    return configured.get(tier, DEFAULT_CADENCE_DAYS.get(tier, 365))


class Sponsorship(TimeStampedModel):
    """The sponsorship details of a key account: the counterpart and the cadence.

    The sponsor is ``KeyAccount.sponsor`` (owned by the accounts app); this row adds who they
    meet at the customer and, when it differs from the tier's default, how often.
    """

    key_account = models.OneToOneField(
        "accounts.KeyAccount",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="sponsorship",
    )
    counterpart = models.ForeignKey(
        "customers.Contact",
        verbose_name=_("counterpart at the customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cadence_days = models.PositiveIntegerField(
        _("days between engagements"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the tier's default."),
    )

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")

    def __str__(self) -> str:
        return str(self.key_account)


class Engagement(PublicModel):
    """A sponsor's engagement with a key account: a meeting, a call, an escalation handled."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        ESCALATION = "escalation", _("Escalation handled")

    key_account = models.ForeignKey(
        "accounts.KeyAccount",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="engagements",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sponsor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("sponsor engagement")
        verbose_name_plural = _("sponsor engagements")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["key_account", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"
