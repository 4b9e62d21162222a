from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class SelectionConfig(AppConfig):
    name = "kamp.selection"
    verbose_name = _("Segmentation and selection")

    def ready(self) -> None:
        """Menu entry. Selection: whoever may view selection objects (a whole-base membership)."""
        from kamp.selection.permissions import can

        register(
            NavItem(
                key="selection",
                label=_("Selection"),
                url_name="selection:overview",
                visible=lambda request: can(request.user, "view"),
                order=30,
            )
        )
