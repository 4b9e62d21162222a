from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class CastingConfig(AppConfig):
    name = "kamp.casting"
    verbose_name = _("KAM casting")

    def ready(self) -> None:
        """Menu entry. KAM casting: anyone with a role (each sees their own, managers and the
        director their team's)."""
        from kamp.casting.permissions import can

        register(
            NavItem(
                key="casting",
                label=_("KAM casting"),
                url_name="casting:team",
                visible=lambda request: can(request.user, "view"),
                order=47,
            )
        )
