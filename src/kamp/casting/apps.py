from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CastingConfig(AppConfig):
    name = "kamp.casting"
    verbose_name = _("KAM casting")
