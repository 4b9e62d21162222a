"""KAM casting: competency frameworks (versioned), role profiles, people with their manager,
assessment campaigns with self, manager and peer (360) ratings, development actions, and
proposals of who covers which key account.

A framework version is never changed once assessed: editing makes a new version (same ``key``,
``version`` + 1) and profiles and campaigns keep the version they were made on. A role profile
used by a closed assessment is versioned the same way (same ``name``, ``version`` + 1).

Content (framework and competency names, descriptions, behaviour anchors; profile and
requirement reasons) is written in English in its own fields; ``translations`` holds the other
languages, ``{"es": {"name": ..., "anchors": [...]}, "fr": {...}}``, read through
:mod:`kamp.casting.content` (falls back to English field by field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel

if TYPE_CHECKING:
    from kamp.users.models import User

LEVEL = [MinValueValidator(1), MaxValueValidator(5)]


def _translations() -> models.JSONField[dict[str, dict[str, object]]]:
    return models.JSONField(
        _("translations (es, fr)"),
        default=dict,
        blank=True,
        help_text=_("Language code → field → text; English is in the fields themselves."),
    )


class Framework(PublicModel):
    """One version of a competency framework."""

    key = models.SlugField(_("key"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("what changed"), blank=True)
    translations = _translations()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="casting_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Competency(models.Model):
    """A competency of a framework version, with behaviour anchors for levels 1 to 5."""

    class Kind(models.TextChoices):
        APTITUDE = "aptitude", _("Innate aptitude")
        LEARNABLE = "learnable", _("Learnable")

    class Importance(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        PREFERRED = "preferred", _("Preferred")

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    importance = models.CharField(_("importance"), max_length=16, choices=Importance.choices)
    anchors = models.JSONField(_("behaviour anchors (levels 1 to 5)"), default=list)
    translations = _translations()
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="casting_competency_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def critical(self) -> bool:
        return self.importance == self.Importance.CRITICAL

    @property
    def aptitude(self) -> bool:
        return self.kind == self.Kind.APTITUDE


class RoleProfile(PublicModel):
    """What a role (global KAM, KAM, key-account team lead) requires, on a framework version."""

    class Role(models.TextChoices):
        GLOBAL_KAM = "global_kam", _("Global key account manager")
        KAM = "kam", _("Key account manager")
        TEAM_LEAD = "team_lead", _("Key-account team lead")

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="profiles"
    )
    reason = models.TextField(_("why these levels"), blank=True)
    translations = _translations()

    class Meta:
        verbose_name = _("role profile")
        verbose_name_plural = _("role profiles")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="casting_profile_version")
        ]

    def __str__(self) -> str:
        return self.name if self.version == 1 else f"{self.name} v{self.version}"


class Requirement(models.Model):
    """The level and weight a profile requires of one competency, and why."""

    profile = models.ForeignKey(
        RoleProfile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("required level"), validators=LEVEL)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    translations = _translations()

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["profile", "competency__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competency"], name="casting_requirement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class Person(PublicModel):
    """Someone cast for a KAM role: their profile, their manager, and what they can cover."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="casting_person",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="casting_team",
    )
    profile = models.ForeignKey(
        RoleProfile,
        verbose_name=_("role profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    segments = models.JSONField(_("segments (industries) known"), default=list, blank=True)
    stages = models.JSONField(_("relationship stages handled"), default=list, blank=True)
    countries = models.JSONField(_("countries covered (ISO codes)"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken (ISO codes)"), default=list, blank=True)
    capacity = models.FloatField(
        _("capacity (1 = a full-time KAM)"),
        default=1.0,
        validators=[MinValueValidator(0), MaxValueValidator(2)],
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["user__username"]

    def __str__(self) -> str:
        user: User = self.user
        return user.get_full_name() or user.get_username()


class Campaign(PublicModel):
    """An assessment campaign on a framework version."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        SELF = "self", _("Self-assessment")
        MANAGER = "manager", _("Self and manager")
        FULL = "360", _("360°: self, manager and peers")

    name = models.CharField(_("name"), max_length=200)
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="campaigns"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FULL)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    min_raters = models.PositiveSmallIntegerField(
        _("fewest peer raters shown"), default=3, validators=[MinValueValidator(1)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment campaign")
        verbose_name_plural = _("assessment campaigns")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Assessment(PublicModel):
    """One person's assessment in a campaign; closing it fixes the attained levels."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="assessments"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assessments"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    profile = models.ForeignKey(
        RoleProfile,
        verbose_name=_("role profile when closed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["campaign", "person__user__username"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="casting_assessment_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.campaign})"


class Rater(models.Model):
    """Someone asked to rate a person: themself, their manager, or a peer (anonymous)."""

    class Perspective(models.TextChoices):
        SELF = "self", _("Self")
        MANAGER = "manager", _("Manager")
        PEER = "peer", _("Peer (360)")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="raters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rater"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    perspective = models.CharField(_("perspective"), max_length=8, choices=Perspective.choices)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rater")
        verbose_name_plural = _("raters")
        ordering = ["assessment", "perspective", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="casting_rater_once")
        ]

    def __str__(self) -> str:
        return str(self.get_perspective_display())


class Rating(models.Model):
    """One rater's level for one competency, with the evidence behind it."""

    rater = models.ForeignKey(
        Rater, verbose_name=_("rater"), on_delete=models.CASCADE, related_name="ratings"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["rater", "competency"], name="casting_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class AttainedLevel(models.Model):
    """The level a closed assessment fixed for one competency."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="levels"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("attained level"), validators=LEVEL)

    class Meta:
        verbose_name = _("attained level")
        verbose_name_plural = _("attained levels")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="casting_attained_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class DevelopmentAction(PublicModel):
    """A training action of a person's development plan, for one negative gap."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="actions"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("action"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")
        ordering = ["person", "starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class AssignmentProposal(PublicModel):
    """A proposal of who covers which key account, beside the current assignment."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    continuity = models.FloatField(_("continuity bonus"), default=0.1)

    class Meta:
        verbose_name = _("assignment proposal")
        verbose_name_plural = _("assignment proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("Assignment proposal of %(when)s") % {"when": f"{self.created_at:%Y-%m-%d}"})


class AssignmentLine(models.Model):
    """One account in a proposal: current and proposed KAM, fit, why, and whether accepted."""

    proposal = models.ForeignKey(
        AssignmentProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    key_account = models.ForeignKey(
        "accounts.KeyAccount",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    current = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("current KAM"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed KAM"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fit = models.FloatField(_("fit"))
    current_fit = models.FloatField(_("current fit"), null=True, blank=True)
    met = models.JSONField(_("needs met"), default=list)
    missed = models.JSONField(_("needs missed"), default=list)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment line")
        verbose_name_plural = _("assignment lines")
        ordering = ["proposal", "id"]

    def __str__(self) -> str:
        return f"{self.key_account_id} → {self.proposed_id}"

    @property
    def changed(self) -> bool:
        return self.current_id != self.proposed_id
