"""Strategic initiatives of a key account: their workflow, history, milestones and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.accounts.models.key_accounts import CHANGE_ROLES, KeyAccount, account_scope
from kamp.core.models import PublicModel
from kamp.organisation.models import Membership
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User


InitiativeRight = Literal["view", "change", "decide"]

#: The steering committee: who may decide any initiative (besides the account's own sponsor).
COMMITTEE_ROLES = frozenset({Membership.Role.PROGRAMME_DIRECTOR, Membership.Role.EXECUTIVE})


class StrategicInitiativeQuerySet(models.QuerySet["StrategicInitiative"]):
    def visible_to(
        self, user: User | AnonymousUser, action: InitiativeRight = "view"
    ) -> StrategicInitiativeQuerySet:
        """Initiatives of visible accounts; ``change``: the account's KAM, the initiative's owner
        or the director; ``decide``: the account's sponsor or the steering committee."""
        scope = account_scope(user, "key_account__")
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
        scope = account_scope(user, "initiative__key_account__")
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
