from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register

if TYPE_CHECKING:
    from django.http import HttpRequest


class AccountsConfig(AppConfig):
    name = "kamp.accounts"
    verbose_name = _("Key accounts")

    def ready(self) -> None:
        """Menu entry. Key accounts: anyone with a role in the programme (or a superuser).
        The contact guard: a stakeholder's contact is changed only by who may change the
        stakeholder."""
        from kamp.accounts.permissions import may_change_contact
        from kamp.customers.permissions import register_contact_guard
        from kamp.organisation.permissions import roles_of

        register_contact_guard(may_change_contact)

        def member(request: HttpRequest) -> bool:
            return request.user.is_superuser or bool(roles_of(request.user))

        register(
            NavItem(
                key="accounts",
                label=_("Key accounts"),
                url_name="accounts:key-account-list",
                visible=member,
                order=20,
            )
        )
