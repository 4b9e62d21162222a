from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "kamp.selection"
    verbose_name = _("Segmentation and selection")
