from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class ImportsConfig(AppConfig):
    name = "kamp.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        """Menu entry. Imports: the programme director and staff."""
        from kamp.imports.permissions import can_import

        register(
            NavItem(
                key="imports",
                label=_("Imports"),
                url_name="imports:import-list",
                visible=lambda request: can_import(request.user),
                order=60,
            )
        )
