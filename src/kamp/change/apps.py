from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangeConfig(AppConfig):
    name = "kamp.change"
    verbose_name = _("Programme maturity and change")
