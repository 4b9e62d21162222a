"""Single sign-on end to end: a real OpenID provider in its own process, a real HTTP client.

The provider is django-oidc-provider (tests/oidc_provider/), served by waitress on a free loopback
port with its own SQLite database. The client walks kamp's login page, the redirect, the
provider's login form and consent page, and the callback, as a browser would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from kamp.organisation.models import BusinessUnit, Membership
from kamp.sso import Grant, grants_for, parse_role_map
from kamp.users.models import User
from tests.oidc_provider import setup as op

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.test import Client
    from pytest_django.live_server_helper import LiveServer

ROOT = Path(__file__).resolve().parent.parent


class _Forms(HTMLParser):
    """The forms of a page: action, and the inputs with a name (the last submit one wins)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), {}))
        elif (
            tag == "input" and self.forms and values.get("name") and values.get("type") != "submit"
        ):
            self.forms[-1][1][values["name"]] = values.get("value", "")


def _form(response: requests.Response) -> tuple[str, dict[str, str]]:
    parser = _Forms()
    parser.feed(response.text)
    action, fields = parser.forms[-1]
    return urljoin(response.url, action or response.url), fields


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def provider(live_server: LiveServer, tmp_path: Path) -> Iterator[str]:
    """Set up and serve the provider; yield its base URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OP_DATABASE": str(tmp_path / "op.sqlite3"),
        "OP_SITE_URL": base,
        "PYTHONPATH": str(ROOT),
    }
    callback = f"{live_server.url}/oidc/callback/"
    subprocess.run(
        [sys.executable, "-m", "tests.oidc_provider.setup", callback],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and test module)
        [
            sys.executable,
            "-m",
            "waitress",
            f"--listen=127.0.0.1:{port}",
            "tests.oidc_provider.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/openid/.well-known/openid-configuration", timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _kamp_sso_settings(provider: str) -> dict[str, object]:
    openid = f"{provider}/openid"
    return {
        "KAMP_OIDC_ENABLED": True,
        "KAMP_OIDC_PROVIDER_NAME": "Test IdP",
        "OIDC_RP_CLIENT_ID": op.CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": op.CLIENT_SECRET,
        "OIDC_RP_SCOPES": "openid email profile groups",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{openid}/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{openid}/token",
        "OIDC_OP_USER_ENDPOINT": f"{openid}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{openid}/jwks",
        "KAMP_OIDC_ROLE_MAP": "kam-group=kam,ind-team=team_member@IND,other=viewer",
    }


def _sign_in(kamp: str) -> requests.Response:
    browser = requests.Session()
    login_page = browser.get(f"{kamp}/login/", timeout=10)
    assert "Sign in with Test IdP" in login_page.text

    # kamp sends the browser to the provider, which asks it to log in there.
    idp_login = browser.get(f"{kamp}/oidc/authenticate/", timeout=10)
    assert "Test identity provider" in idp_login.text
    action, fields = _form(idp_login)
    fields.update(username=op.USERNAME, password=op.PASSWORD)
    consent = browser.post(action, data=fields, timeout=10)
    assert "Request for Permission" in consent.text

    # Consent; the provider sends the browser back to kamp's callback, which logs in.
    action, fields = _form(consent)
    fields["allow"] = "Authorize"
    home = browser.post(action, data=fields, timeout=30)
    assert home.status_code == 200
    assert home.url.startswith(kamp)
    assert "/login/" not in home.url  # logged in: the home page (or where it sends this role)
    return home


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_the_provider_creates_the_user_with_mapped_roles(
    live_server: LiveServer, provider: str
) -> None:
    unit = BusinessUnit.objects.create(code="IND", name="Industrial")
    with override_settings(**_kamp_sso_settings(provider)):
        home = _sign_in(live_server.url)

    assert "Alice Idp" in home.text  # logged in: the page shows who
    user = User.objects.get(username="alice")
    assert (user.email, user.first_name, user.has_usable_password()) == (
        "alice@example.com",
        "Alice",
        False,
    )
    roles = set(user.memberships.values_list("role", "business_unit"))
    assert roles == {(Membership.Role.KAM, None), (Membership.Role.TEAM_MEMBER, unit.pk)}


@pytest.mark.django_db(transaction=True)
def test_signing_in_again_takes_away_roles_the_provider_no_longer_gives(
    live_server: LiveServer, provider: str
) -> None:
    BusinessUnit.objects.create(code="IND", name="Industrial")
    alice = User.objects.create(username="alice", email="old@example.com")
    Membership.objects.create(user=alice, role=Membership.Role.PROGRAMME_DIRECTOR)
    with override_settings(**_kamp_sso_settings(provider)):
        _sign_in(live_server.url)
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert set(alice.memberships.values_list("role", flat=True)) == {"kam", "team_member"}


def test_the_role_map_reads_groups_roles_and_units() -> None:
    role_map = parse_role_map("a=kam, b=team_member@IND ,a=viewer")
    assert grants_for(["a", "b", "c"], role_map) == {
        Grant("kam"),
        Grant("viewer"),
        Grant("team_member", "IND"),
    }
    with pytest.raises(ImproperlyConfigured, match="group=role"):
        parse_role_map("a=boss")


@pytest.mark.django_db
def test_without_sso_there_is_no_button_and_no_redirect(client: Client) -> None:
    assert "Sign in with" not in client.get("/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
