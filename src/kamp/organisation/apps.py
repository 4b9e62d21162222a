from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class OrganisationConfig(AppConfig):
    name = "kamp.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        """Menu entry. Company settings (the currency): the programme director only."""
        from kamp.organisation.permissions import can_change_company_settings

        register(
            NavItem(
                key="organisation",
                label=_("Company"),
                url_name="organisation:company-settings",
                visible=lambda request: can_change_company_settings(request.user),
                order=80,
            )
        )
