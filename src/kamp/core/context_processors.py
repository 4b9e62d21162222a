"""Template context shared by every page: the navigation the user's roles allow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.organisation.permissions import roles_of

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise


def navigation(request: HttpRequest) -> dict[str, object]:
    """Menu entries for what exists and what the user may reach; nothing for anonymous users."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items: list[tuple[str, StrOrPromise, str]] = []
    if user.is_superuser or roles_of(user):
        items.append(("customers", _("Customers"), reverse("customers:customer-list")))
        items.append(("accounts", _("Key accounts"), reverse("accounts:key-account-list")))
    # Imported here: core sits below the apps whose rules decide who sees their entries.
    from kamp.selection.permissions import can as can_select

    if can_select(user, "view"):
        items.append(("selection", _("Selection"), reverse("selection:overview")))
    from kamp.programme.permissions import can as can_programme

    if can_programme(user, "view"):
        items.append(("programme", _("Programme"), reverse("programme:overview")))
        items.append(("documents", _("Documents"), reverse("documents:document-list")))
    from kamp.imports.permissions import can_import

    if can_import(user):
        items.append(("imports", _("Imports"), reverse("imports:import-list")))
    if user.is_staff:
        items.append(("admin", _("Administration"), reverse("admin:index")))
    return {"nav_items": items}
