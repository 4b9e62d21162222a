"""The main menu: each app registers its entries; the context processor keeps the order and
shows each entry only to the users its app's rule allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import RequestFactory

from kamp.navigation import navigation, registered

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.users.models import User


def menu(user: User) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    items = navigation(request)["nav_items"]
    assert isinstance(items, list)
    return [key for key, _label, _url in items]


def test_every_app_registers_its_entries_in_menu_order() -> None:
    assert [item.key for item in registered()] == [
        "customers",
        "accounts",
        "selection",
        "programme",
        "change",
        "casting",
        "documents",
        "imports",
        "organisation",
        "admin",
    ]


def test_each_user_sees_what_their_roles_allow(cast: Cast) -> None:
    every = [
        "customers",
        "accounts",
        "selection",
        "programme",
        "change",
        "casting",
        "documents",
        "imports",
    ]
    assert menu(cast.director) == [*every, "organisation"]
    assert menu(cast.admin) == [*every, "organisation", "admin"]
    assert menu(cast.pcdirector) == [
        "customers",
        "accounts",
        "programme",
        "change",
        "casting",
        "documents",
    ]
    assert menu(cast.outsider) == []
