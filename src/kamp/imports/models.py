"""Imports: each run of the pipeline, what it changed (for undo), and mappings kept for reuse.

An :class:`ImportRun` is the job users and API clients follow (status, progress, counts, errors)
and the history entry (who, when, which file and its hash). See
``docs/decisions/0004-imports-own-their-rows.md`` for how a run owns the rows it wrote.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel, TimeStampedModel
from kamp.organisation.models import Membership
from kamp.organisation.permissions import reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User


def is_importer(user: User | AnonymousUser) -> bool:
    """Whether ``user`` may import: staff, or a programme director over the whole base.

    The rule lives here, beside the data it guards, so that ``visible_to`` needs nothing from
    :mod:`kamp.imports.permissions` (which builds on it: ``can_import``, 403 or 404).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or reach(user, {Membership.Role.PROGRAMME_DIRECTOR}).everything


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def visible_to(self, user: User | AnonymousUser) -> ImportRunQuerySet:
        """Every run for the people who may import; nothing for anyone else."""
        return self if is_importer(user) else self.none()

    def standing(self) -> ImportRunQuerySet:
        """Runs whose changes are in the database (imported and not undone)."""
        return self.filter(status=ImportRun.Status.IMPORTED)


class ImportRun(PublicModel):
    """One import of one file: the job while it runs, then its report and history entry."""

    class Kind(models.TextChoices):
        CUSTOMERS = "customers", _("Customers")
        CONTACTS = "contacts", _("Contacts")
        SALES = "sales", _("Sales lines")
        WALLET = "wallet", _("Wallet estimates")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for the mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        IMPORTED = "imported", _("Imported")
        CHECKED = "checked", _("Checked (dry run)")
        UNCHANGED = "unchanged", _("Nothing to change")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    FINISHED = frozenset(
        {
            Status.IMPORTED,
            Status.CHECKED,
            Status.UNCHANGED,
            Status.REJECTED,
            Status.FAILED,
            Status.UNDONE,
        }
    )

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_hash = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_size = models.BigIntegerField(_("size in bytes"), default=0)
    stored_file = models.CharField(max_length=500, blank=True, editable=False)
    format = models.CharField(_("format"), max_length=16, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    language = models.CharField(max_length=8, blank=True, editable=False)
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    #: ``host:pid`` of the process running the import; with ``updated_at`` (its heartbeat) it
    #: tells a run whose process died, which would otherwise stay "running" for ever.
    worker = models.CharField(_("worker"), max_length=300, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    revenue_total = models.DecimalField(
        _("revenue total"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    errors = models.JSONField(_("problems found"), default=list, blank=True)
    new_refs = models.JSONField(_("created along the way"), default=dict, blank=True)
    new_values = models.JSONField(
        _("new values"),
        default=list,
        blank=True,
        help_text=_("Reference values the file names that kamp lacks: kind, value, rows."),
    )
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:import-detail", kwargs={"public_id": self.public_id})

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def can_undo(self) -> bool:
        return self.status == self.Status.IMPORTED and not self.dry_run

    @property
    def path(self) -> Path | None:
        """Where the uploaded file waits to be read (until the run finishes)."""
        return Path(self.stored_file) if self.stored_file else None

    def created_along_the_way(self) -> list[tuple[Any, list[str]]]:
        """What the import created besides its own rows, labelled for the report."""
        labels = {
            "customer": _("New customers"),
            "product_line": _("New product lines"),
            "business_unit": _("New business units"),
            "country": _("New countries"),
        }
        return [(labels.get(k, k), names) for k, names in self.new_refs.items()]

    def new_values_labelled(self) -> list[tuple[Any, str, str]]:
        """The new values for the report: kind (labelled), value, and the rows naming it."""
        labels = {
            "product_line": _("Product line"),
            "business_unit": _("Business unit"),
            "country": _("Country"),
            "industry": _("Industry"),
        }
        return [
            (labels.get(v["kind"], v["kind"]), v["value"], ", ".join(map(str, v["rows"])))
            for v in self.new_values
        ]

    def summary(self) -> dict[str, Any]:
        """The counts and problems, in the shape ``kamp import --json`` prints."""
        result: dict[str, Any] = {
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.kind == self.Kind.SALES:
            result["revenue_total"] = float(self.revenue_total or Decimal(0))
        result["errors"] = [
            {k: e.get(k) for k in ("row", "column", "value", "message")} for e in self.errors
        ]
        return result


class ImportChange(models.Model):
    """A row an import created (``before`` is null) or changed (``before`` holds old values).

    Kept for customers, contacts and wallet estimates so an import can be undone exactly; sales
    facts are owned through ``SalesFact.import_batch`` instead.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    model = models.CharField(max_length=32)  # "customer", "contact" or "wallet"
    object_id = models.BigIntegerField()
    before = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("import change")
        verbose_name_plural = _("import changes")
        indexes = [models.Index(fields=["run", "model"])]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}"


class SavedMapping(TimeStampedModel):
    """A column mapping confirmed for files with a given set of headers, offered again next time."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportRun.Kind.choices)
    headers_key = models.CharField(max_length=64, editable=False)
    name = models.CharField(_("source"), max_length=255)
    columns = models.JSONField(_("columns"), default=dict)
    options = models.JSONField(_("options"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("saved mapping")
        verbose_name_plural = _("saved mappings")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "headers_key"], name="mapping_unique_source")
        ]

    def __str__(self) -> str:
        return self.name
