from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class ChangeConfig(AppConfig):
    name = "kamp.change"
    verbose_name = _("Programme maturity and change")

    def ready(self) -> None:
        """Menu entry. Change: everyone with a role reads announcements, answers pulses and
        raises concerns; the overview shows the rest to whoever may read it."""
        from kamp.change.permissions import is_member

        register(
            NavItem(
                key="change",
                label=_("Change"),
                url_name="change:overview",
                visible=lambda request: is_member(request.user),
                order=45,
            )
        )
