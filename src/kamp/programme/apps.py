from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class ProgrammeConfig(AppConfig):
    name = "kamp.programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        """Menu entry. Programme: whoever may view the programme's governance."""
        from kamp.programme.permissions import can

        register(
            NavItem(
                key="programme",
                label=_("Programme"),
                url_name="programme:overview",
                visible=lambda request: can(request.user, "view"),
                order=40,
            )
        )
