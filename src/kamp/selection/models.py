"""Segmentation and key-account selection: segments, scoring models, manual scores, selection
runs with their results, and the steering committee's validations.

The computation itself lives in plain modules (``metrics``, ``segments``, ``scoring``,
``optimise``, ``engine``); these models store its inputs and a snapshot of its outputs. See
``docs/decisions/0004-scoring-and-selection.md``.
"""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel, TimeStampedModel
from kamp.customers.models import Customer
from kamp.selection.roles import can
from kamp.selection.scoring import ModelError, ModelSpec, parse_model, to_toml
from kamp.selection.segments import MATCHES, SegmentSpec, rule_problems

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User


def _visible[Q: models.QuerySet[models.Model]](qs: Q, user: User | AnonymousUser, action: str) -> Q:
    """All rows if the user may ``action`` selection objects, else none."""
    allowed = can(user, "view") and (action == "view" or can(user, action))  # type: ignore[arg-type]
    return qs if allowed else qs.none()


class SegmentQuerySet(models.QuerySet["Segment"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> SegmentQuerySet:
        return _visible(self, user, action)


class Segment(PublicModel):
    """A strategic segment: rules over account attributes, and how well our offer fits it."""

    class Match(models.TextChoices):
        ALL = "all", _("All rules")
        ANY = "any", _("Any rule")

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    rules = models.JSONField(_("rules"), default=list, blank=True)
    match = models.CharField(_("match"), max_length=3, choices=Match.choices, default=Match.ALL)
    fit = models.DecimalField(
        _("value-proposition fit"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("How well our value proposition fits the segment, from 0 to 10."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = SegmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("selection:segment-edit", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        if self.match not in MATCHES:
            raise ValidationError({"match": _("Choose all or any.")})
        if not isinstance(self.rules, list) or not all(isinstance(r, dict) for r in self.rules):
            raise ValidationError({"rules": _("Rules must be a list.")})
        problems = [p for rule in self.rules for p in rule_problems(rule)]
        if problems:
            raise ValidationError({"rules": problems})
        if self.fit is not None and not 0 <= self.fit <= 10:
            raise ValidationError({"fit": _("The fit is a score from 0 to 10.")})

    def spec(self) -> SegmentSpec:
        fit = float(self.fit) if self.fit is not None else None
        return SegmentSpec(self.name, tuple(self.rules), self.match, fit)


class ScoringModelQuerySet(models.QuerySet["ScoringModel"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> ScoringModelQuerySet:
        return _visible(self, user, action)

    def latest_versions(self) -> ScoringModelQuerySet:
        """The newest version of every model name."""
        newest = ScoringModel.objects.filter(name=models.OuterRef("name")).order_by("-version")
        return self.filter(pk=models.Subquery(newest.values("pk")[:1]))


class ScoringModel(PublicModel):
    """One version of a scoring model. Editing a model adds a version; runs keep theirs."""

    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    definition = models.JSONField(_("definition"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScoringModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="scoring_model_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("selection:model-detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        try:
            spec = parse_model(self.definition)
        except ModelError as error:
            raise ValidationError({"definition": error.problems}) from None
        if spec.name != self.name:
            raise ValidationError({"name": _("The name must match the definition's name.")})

    @cached_property
    def spec(self) -> ModelSpec:
        """The validated model (stored definitions were checked by ``clean``)."""
        return parse_model(self.definition)

    def toml(self) -> str:
        return to_toml(self.spec)


class ManualScoreQuerySet(models.QuerySet["ManualScore"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> ManualScoreQuerySet:
        return _visible(self, user, action)


class ManualScore(TimeStampedModel):
    """A score the cross-functional scoring team gave an account on one criterion of one model.

    A score belongs to the model version it was entered for; the versions of that model (same
    name) read it, the newest version's score first, and no other model does (a ``buyer_power``
    in one model is not another model's). ``scale`` says what the score is out of (``max`` for
    a points criterion); a model on another scale converts it.
    """

    account = models.ForeignKey(
        Customer, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    model = models.ForeignKey(
        ScoringModel,
        verbose_name=_("scoring model"),
        on_delete=models.CASCADE,
        related_name="manual_scores",
    )
    criterion = models.CharField(_("criterion"), max_length=63)
    score = models.FloatField(_("score"))
    scale = models.PositiveSmallIntegerField(_("out of"), default=10)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ManualScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("manual score")
        verbose_name_plural = _("manual scores")
        ordering = ["account_id", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "model", "criterion"], name="manual_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.criterion} {self.score:g}/{self.scale}"

    def clean(self) -> None:
        if not 0 <= self.score <= self.scale:
            raise ValidationError(
                {"score": _("A score lies between 0 and %(scale)s.") % {"scale": self.scale}}
            )


class SelectionRunQuerySet(models.QuerySet["SelectionRun"]):
    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> SelectionRunQuerySet:
        return _visible(self, user, action)


class SelectionRun(PublicModel):
    """A saved selection: the model version, the parameters, the data's date, and the results.

    A draft is submitted to the steering committee, whose members validate or reject each
    proposed account; once every proposed account is decided the run is closed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the steering committee")
        CLOSED = "closed", _("Decided")

    name = models.CharField(_("name"), max_length=200)
    model = models.ForeignKey(
        ScoringModel, verbose_name=_("scoring model"), on_delete=models.PROTECT, related_name="runs"
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    as_of = models.DateField(_("data as of"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.JSONField(_("summary"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = SelectionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("selection:run-detail", kwargs={"public_id": self.public_id})


class SelectionResultQuerySet(models.QuerySet["SelectionResult"]):
    def visible_to(
        self, user: User | AnonymousUser, action: str = "view"
    ) -> SelectionResultQuerySet:
        return _visible(self, user, action)


class SelectionResult(models.Model):
    """One account in a run: its scores, place in the matrix, and whether it was selected.

    Figures are a snapshot taken when the run was computed (floats: they are analytics).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(
        SelectionRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    account = models.ForeignKey(
        Customer, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("rank by value"))
    # Null: not enough data to score (or, for strength, a ranking model with one axis).
    attractiveness = models.FloatField(_("attractiveness"), null=True, blank=True)
    strength = models.FloatField(_("relative strength"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    evidence = models.FloatField(_("share of weight with evidence (%)"), null=True, blank=True)
    quadrant = models.CharField(_("quadrant"), max_length=16, blank=True)
    band = models.CharField(_("class"), max_length=100, blank=True)
    tier = models.CharField(_("tier"), max_length=16, blank=True)
    revenue_12m = models.FloatField(_("revenue, last 12 months"))
    margin_12m = models.FloatField(_("margin, last 12 months"))
    segment = models.CharField(_("segment"), max_length=100, blank=True)
    segments = models.JSONField(_("segments"), default=list)
    metrics = models.JSONField(_("metrics"), default=dict)
    contributions = models.JSONField(_("contributions"), default=dict)
    selected = models.BooleanField(_("selected"), default=False)
    top_n = models.BooleanField(_("in the top N by revenue"), default=False)
    reason = models.CharField(_("reason"), max_length=16)
    override_reason = models.CharField(_("override reason"), max_length=500, blank=True)

    objects = SelectionResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("selection result")
        verbose_name_plural = _("selection results")
        ordering = ["run_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "account"], name="selection_result_unique")
        ]
        indexes = [models.Index(fields=["run", "selected", "rank"])]

    def __str__(self) -> str:
        return f"{self.run_id} #{self.rank} {self.account_id}"

    def get_absolute_url(self) -> str:
        return reverse("selection:result-detail", kwargs={"public_id": self.public_id})


class Validation(TimeStampedModel):
    """The steering committee's decision on one proposed account of a submitted run."""

    class Decision(models.TextChoices):
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")

    result = models.OneToOneField(
        SelectionResult,
        verbose_name=_("result"),
        on_delete=models.CASCADE,
        related_name="validation",
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("validation")
        verbose_name_plural = _("validations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.result_id} {self.decision}"
