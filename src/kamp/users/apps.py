from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class UsersConfig(AppConfig):
    name = "kamp.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self) -> None:
        """Menu entry. Administration (Django's admin site): staff users."""
        register(
            NavItem(
                key="admin",
                label=_("Administration"),
                url_name="admin:index",
                visible=lambda request: request.user.is_staff,
                order=90,
            )
        )
