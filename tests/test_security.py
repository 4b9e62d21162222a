"""Issue 11: login lockout, bad-token throttling, security headers, proxies and JSON API errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from typing import TYPE_CHECKING
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings

from conftest import PASSWORD
from kamp.users.services import token_create

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def axes_on() -> Iterator[None]:
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3):
        yield


def _login(client: Client, username: str, password: str) -> int:
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code


def test_repeated_failures_lock_the_login_even_for_the_right_password(
    client: Client, cast: Cast, axes_on: None
) -> None:
    for _ in range(2):
        assert _login(client, "kam", "wrong") == 200  # the form again, with its error
    locked = client.post("/login/", {"username": "kam", "password": "wrong"})
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert 'action="/login/"' in locked.content.decode()  # still the login page

    right = client.post("/login/", {"username": "kam", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another user from the same address is not locked out.
    assert _login(client, "director", PASSWORD) == 302


def test_the_lockout_ends_after_the_cool_off(client: Client, cast: Cast, axes_on: None) -> None:
    for _ in range(3):
        _login(client, "kam", "wrong")
    assert _login(client, "kam", PASSWORD) == 429
    with override_settings(AXES_COOLOFF_TIME=timedelta(seconds=0)):
        assert _login(client, "kam", PASSWORD) == 302


def test_the_limits_come_from_the_environment(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMP_")}
    env.update(
        KAMP_DATA_DIR=str(tmp_path),
        KAMP_DEBUG="true",
        KAMP_LOGIN_FAILURE_LIMIT="7",
        KAMP_LOGIN_COOLOFF_MINUTES="30",
        DJANGO_SETTINGS_MODULE="kamp.settings",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), "
        "s.AXES_LOCKOUT_PARAMETERS)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert run.stdout.strip() == "7 1800 [['username', 'ip_address']]"


@override_settings(KAMP_API_TOKEN_FAILURE_LIMIT=3, KAMP_API_TOKEN_FAILURE_WINDOW=60)
def test_bad_tokens_are_throttled_per_address(client: Client, cast: Cast) -> None:
    cache.clear()
    _token, good = token_create(actor=cast.kam, user=cast.kam, name="script")
    bad = {"Authorization": "Bearer kamp_guess"}
    for _ in range(3):
        assert client.get("/api/v1/customers", headers=bad).status_code == 401
    throttled = client.get("/api/v1/customers", headers=bad)
    assert throttled.status_code == 429
    assert throttled.json() == {"detail": "Too many failed attempts: try again later."}
    assert throttled["Retry-After"] == "60"
    # Even a good token waits from that address; another address is not affected.
    auth = {"Authorization": f"Bearer {good}"}
    assert client.get("/api/v1/customers", headers=auth).status_code == 429
    assert client.get("/api/v1/customers", REMOTE_ADDR="10.0.0.9", headers=auth).status_code == 200
    cache.clear()


def test_a_crash_inside_an_api_operation_answers_json(client: Client, cast: Cast) -> None:
    client.raise_request_exception = False
    client.force_login(cast.kam)
    with (
        mock.patch("kamp.customers.selectors.customer_list", side_effect=RuntimeError("boom")),
        override_settings(DEBUG=False),
    ):
        response = client.get("/api/v1/customers")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Server error."}


def test_pages_carry_a_strict_content_security_policy(client: Client, cast: Cast) -> None:
    client.force_login(cast.kam)
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    script = directives["script-src"]
    assert "'unsafe-inline'" not in script  # an inline script needs the page's nonce
    assert "'unsafe-hashes'" not in script  # no inline handler: static/kamp/forms.js does it
    assert not re.findall(r"'sha256-[\w+/=]+'", script)


PRODUCTION = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "ALLOWED_HOSTS": ["kamp.example.com"],
}


def test_behind_a_trusted_proxy_https_is_believed_and_hsts_sent(client: Client) -> None:
    with override_settings(
        **PRODUCTION, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    ):
        response = client.get(
            "/login/", HTTP_HOST="kamp.example.com", HTTP_X_FORWARDED_PROTO="https"
        )
        assert response.status_code == 200  # no redirect (loop)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        plain = client.get("/login/", HTTP_HOST="kamp.example.com", HTTP_X_FORWARDED_PROTO="http")
        assert plain.status_code == 301
        assert plain["Location"] == "https://kamp.example.com/login/"


def test_without_a_trusted_proxy_the_forwarded_scheme_is_ignored(client: Client) -> None:
    with override_settings(**PRODUCTION, SECURE_PROXY_SSL_HEADER=None):
        response = client.get(
            "/login/", HTTP_HOST="kamp.example.com", HTTP_X_FORWARDED_PROTO="https"
        )
    assert response.status_code == 301  # a client cannot claim HTTPS by itself
    assert "Strict-Transport-Security" not in response
