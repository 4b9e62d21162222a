from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kamp.navigation import NavItem, register


class DocumentsConfig(AppConfig):
    name = "kamp.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        """Menu entry. Documents: the programme's readers (the documents show the programme)."""
        from kamp.programme.permissions import can

        register(
            NavItem(
                key="documents",
                label=_("Documents"),
                url_name="documents:document-list",
                visible=lambda request: can(request.user, "view"),
                order=50,
            )
        )
