"""The main menu: a registry that each app fills from its ``AppConfig.ready()``.

An app registers its own entries with the rule that decides who sees them, so this module
imports no app and the menu grows with the apps installed::

    register(NavItem("imports", _("Imports"), "imports:import-list",
                     visible=lambda request: can_import(request.user), order=60))

:func:`navigation` is the template context processor that turns the registry into the
``nav_items`` the base layout shows: ``(key, label, url)`` for the entries the user may reach,
in ``order``; nothing for anonymous users. ``key`` is the URL namespace that marks the entry
as the current page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True, kw_only=True)
class NavItem:
    """One menu entry: shown when ``visible(request)`` holds for a logged-in user."""

    key: str
    label: StrOrPromise
    url_name: str
    visible: Callable[[HttpRequest], bool]
    order: int = 100


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add ``item`` to the menu, replacing an entry with the same key (``ready()`` may rerun)."""
    _registry[item.key] = item


def registered() -> list[NavItem]:
    """Every registered entry, in menu order."""
    return sorted(_registry.values(), key=lambda item: (item.order, item.key))


def navigation(request: HttpRequest) -> dict[str, object]:
    """Menu entries for what exists and what the user may reach; nothing for anonymous users."""
    if not request.user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": [
            (item.key, item.label, reverse(item.url_name))
            for item in registered()
            if item.visible(request)
        ]
    }
