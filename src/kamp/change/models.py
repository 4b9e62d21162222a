"""Programme maturity and change management (method §2.5; Halifax: "explain, convince,
communicate and above all listen constantly").

Maturity assessments rate Storbacka's eight dimensions on the CSO levels; gaps become
improvement actions that the roadmap follows. The communication plan and announcements tell
people about the programme; pulse surveys, the concerns log and adoption signals listen to them.

Who sees what lives in :mod:`kamp.change.permissions`; the querysets here only carry the filters.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.change.maturity import DEFAULT_TARGET, Dimension, Level
from kamp.core.models import PublicModel
from kamp.organisation.models import Membership
from kamp.organisation.permissions import roles_of

if TYPE_CHECKING:
    from collections.abc import Collection

    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User

Role = Membership.Role
ALL_ROLES = frozenset(Role.values)
#: Who manages maturity, communication and listening: the programme director.
MANAGERS = frozenset({Role.PROGRAMME_DIRECTOR})
#: Who reads all of it: the director and the executives.
READERS = frozenset({Role.PROGRAMME_DIRECTOR, Role.EXECUTIVE})


def user_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The roles of an active user (every role for a superuser; none when logged out)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return ALL_ROLES if user.is_superuser else roles_of(user)


def _managed_or_read[M: models.Model](
    qs: models.QuerySet[M], user: User | AnonymousUser, action: str
) -> Any:
    """Everything for the director; read-only for executives; nothing for anyone else."""
    roles = user_roles(user)
    allowed = MANAGERS if action == "change" else READERS
    return qs if roles & allowed else qs.none()


class Audience(models.TextChoices):
    """Who a message or a survey is for."""

    EXECUTIVES = "executives", _("Executives")
    KAMS = "kams", _("Key account managers")
    PROFIT_CENTRES = "profit_centres", _("Profit centres")
    DEPARTMENTS = "departments", _("Departments")
    COMPANY = "company", _("The whole company")


#: The roles that make up each audience; the whole company is everyone with a role.
AUDIENCE_ROLES: dict[str, frozenset[str]] = {
    Audience.EXECUTIVES: frozenset({Role.EXECUTIVE}),
    Audience.KAMS: frozenset({Role.KAM}),
    Audience.PROFIT_CENTRES: frozenset({Role.PC_DIRECTOR}),
    Audience.DEPARTMENTS: frozenset({Role.TEAM_MEMBER, Role.VIEWER}),
    Audience.COMPANY: frozenset(Role.values),
}


def audiences_for(roles: Collection[str]) -> list[str]:
    """The audiences that a person holding ``roles`` belongs to."""
    return [key for key, members in AUDIENCE_ROLES.items() if members & set(roles)]


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> AssessmentQuerySet:
        """view: director, executives, invited respondents; answer: the director and invited
        respondents while open; change: the director."""
        roles = user_roles(user)
        if action == "change":
            return self if roles & MANAGERS else self.none()
        mine = self.filter(respondents=user.pk) if roles else self.none()
        if action == "answer":
            scope = self if roles & MANAGERS else mine
            return scope.filter(status=Assessment.Status.OPEN)
        return self if roles & READERS else mine


class Assessment(PublicModel):
    """A maturity assessment: the eight dimensions rated by the director and invited people."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    assessed_on = models.DateField(_("assessed on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    targets = models.JSONField(
        _("targets"), default=dict, blank=True, help_text=_("Target level (1–4) by dimension.")
    )
    respondents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("respondents"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.assessed_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("change:assessment-detail", kwargs={"public_id": self.public_id})

    def target_for(self, dimension: str) -> int:
        """The level the dimension should reach (Formal unless the director set another)."""
        return int(self.targets.get(dimension, DEFAULT_TARGET))

    def clean(self) -> None:
        targets = self.targets if isinstance(self.targets, dict) else None
        if targets is None or any(
            key not in Dimension.values or value not in Level.values
            for key, value in targets.items()
        ):
            raise ValidationError({"targets": _("Targets are levels 1 to 4 by dimension.")})


class Rating(models.Model):
    """One respondent's level for one dimension, with the evidence behind it."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="ratings"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "respondent", "dimension"], name="rating_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.level}"


class ImprovementActionQuerySet(models.QuerySet["ImprovementAction"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> Any:
        """Read by the director and executives; changed by the director."""
        return _managed_or_read(self, user, action)


class ImprovementAction(PublicModel):
    """An action to close a dimension's gap; once accepted it lives on the roadmap.

    Accepting creates a roadmap milestone and an action of a steering review (programme app);
    the milestone's status is the action's progress, so the two never disagree.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="actions"
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    title = models.CharField(_("action"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    milestone = models.ForeignKey(
        "programme.Milestone",
        verbose_name=_("roadmap milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_action = models.ForeignKey(
        "programme.ReviewAction",
        verbose_name=_("steering review action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["assessment_id", "dimension", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> str:
        """``proposed``/``dismissed``, else the milestone's status (planned, in progress, done)."""
        if self.status != self.Status.ACCEPTED or self.milestone is None:
            return str(self.status)
        return str(self.milestone.status)


class CommunicationItemQuerySet(models.QuerySet["CommunicationItem"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> Any:
        """Read by the director and executives; changed by the director."""
        return _managed_or_read(self, user, action)


class CommunicationItem(PublicModel):
    """A line of the communication plan: a message for an audience, by a channel, on a date."""

    class Channel(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement in kamp")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("E-mail")
        NEWSLETTER = "newsletter", _("Newsletter")
        EVENT = "event", _("Event")
        INTRANET = "intranet", _("Intranet")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    message = models.CharField(_("message"), max_length=300)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    planned_on = models.DateField(_("date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )

    objects = CommunicationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("communication plan item")
        verbose_name_plural = _("communication plan items")
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return self.message


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> Any:
        """view: everything for the director and executives, else what is addressed to the
        user's roles; change: the director."""
        roles = user_roles(user)
        if action == "change" or roles & READERS:
            return _managed_or_read(self, user, action)
        return self.filter(audience__in=audiences_for(roles))


class Announcement(PublicModel):
    """A message published in kamp to an audience; opening it records that it was read."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    published_on = models.DateField(_("published on"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan_item = models.ForeignKey(
        CommunicationItem,
        verbose_name=_("communication plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("change:announcement-detail", kwargs={"public_id": self.public_id})


class AnnouncementRead(models.Model):
    """A read receipt: who opened an announcement, and when first."""

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="reads"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "reader"], name="announcement_read_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reader} · {self.announcement}"


class PulseSurveyQuerySet(models.QuerySet["PulseSurvey"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> Any:
        """view: everything for the director and executives, else surveys addressed to the
        user's roles; answer: those of them still open that the user has not answered; change:
        the director."""
        roles = user_roles(user)
        if action == "change":
            return _managed_or_read(self, user, action)
        if action == "answer":
            return self.filter(
                audience__in=audiences_for(roles), status=PulseSurvey.Status.OPEN
            ).exclude(participations__user=user.pk)
        if roles & READERS:
            return self
        return self.filter(audience__in=audiences_for(roles))


class PulseSurvey(PublicModel):
    """A short anonymous survey of an audience: questions on a 1–5 scale and a free text."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    questions = models.JSONField(_("questions"), default=list)
    free_text = models.CharField(_("free-text question"), max_length=300, blank=True)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")

    objects = PulseSurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("pulse survey")
        verbose_name_plural = _("pulse surveys")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("change:pulse-detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        questions = self.questions
        if not (
            isinstance(questions, list)
            and 1 <= len(questions) <= 10
            and all(isinstance(q, str) and q.strip() for q in questions)
        ):
            raise ValidationError({"questions": _("Ask between one and ten questions.")})


class PulseResponse(models.Model):
    """One anonymous answer to a pulse survey.

    Anonymity by construction: no link to the person, no timestamp, and a random primary key,
    so that neither a column nor the order of rows ties an answer to the "has answered" marker.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        PulseSurvey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    scores = models.JSONField(_("scores"), default=list)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")

    def __str__(self) -> str:
        return str(self.survey)


class PulseParticipation(models.Model):
    """That a person answered a survey (and nothing of what they said), to prevent a second
    answer. Deliberately without a timestamp."""

    survey = models.ForeignKey(
        PulseSurvey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("pulse participation")
        verbose_name_plural = _("pulse participations")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="pulse_answer_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.survey}"


class ConcernQuerySet(models.QuerySet["Concern"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> Any:
        """view: every item for the director and executives, one's own for everyone else with a
        role; change (answer): the director."""
        roles = user_roles(user)
        if action == "change" or roles & READERS:
            return _managed_or_read(self, user, action)
        return self.filter(raised_by=user.pk) if roles else self.none()


class Concern(PublicModel):
    """A concern or an idea about the programme, answered and linked to the steering review
    that dealt with it."""

    class Kind(models.TextChoices):
        CONCERN = "concern", _("Concern")
        IDEA = "idea", _("Idea")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.TextField(_("what you want to say"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    review = models.ForeignKey(
        "programme.SteeringReview",
        verbose_name=_("steering review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("concern or idea")
        verbose_name_plural = _("concerns and ideas")
        ordering = ["status", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]
