"""A pack of Customer Executive Briefs, built in the background: the job its requester follows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel


class BriefPack(PublicModel):
    """A ZIP of the briefs of every key account its requester may see, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=8)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("briefs to build"), default=0)
    done = models.PositiveIntegerField(_("briefs built"), default=0)
    error = models.TextField(_("error"), blank=True)
    content = models.BinaryField(_("ZIP file"), null=True, editable=False)

    class Meta:
        verbose_name = _("brief pack")
        verbose_name_plural = _("brief packs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.format} {self.language} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("documents:pack-detail", kwargs={"public_id": self.public_id})

    @property
    def progress(self) -> int:
        """Percentage of briefs built."""
        return round(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
