"""The profile page: roles, password change, and creating and revoking API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from kamp.core.models import AuditEvent
from kamp.users.models import ApiToken, hash_token
from kamp.users.services import token_authenticate, token_create

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

PROFILE = reverse("users:profile")
CREATE = reverse("users:token-create")


def revoke_url(token: ApiToken) -> str:
    return reverse("users:token-revoke", args=[token.pk])


def test_it_requires_login(client: Client) -> None:
    r = client.get(PROFILE)
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


def test_it_shows_the_user_and_their_roles(client: Client, cast: Cast) -> None:
    client.force_login(cast.pcdirector)
    r = client.get(PROFILE)
    assert r.status_code == 200
    body = r.content.decode()
    assert "pcdirector" in body
    assert "Profit-centre director, for Industrial" in body
    assert reverse("users:password-change") in body
    assert "You have no API tokens yet." in body


def test_it_tells_a_user_without_a_role_whom_to_ask(client: Client, cast: Cast) -> None:
    client.force_login(cast.outsider)
    assert "ask the programme director" in client.get(PROFILE).content.decode()


def test_it_creates_a_token_and_shows_it_once(client: Client, cast: Cast) -> None:
    client.force_login(cast.kam)
    r = client.post(CREATE, {"name": "CRM sync"})
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    token = ApiToken.objects.get(user=cast.kam)
    raw = r.context["raw_token"]
    assert raw.startswith("kamp_")
    assert raw in r.content.decode()
    assert token.key_hash == hash_token(raw)
    assert token_authenticate(raw) == cast.kam
    assert AuditEvent.objects.filter(action="token.create").count() == 1

    again = client.get(PROFILE).content.decode()
    assert raw not in again
    assert "CRM sync" in again
    assert token.prefix in again


def test_it_answers_htmx_with_the_tokens_section(client: Client, cast: Cast) -> None:
    client.force_login(cast.kam)
    r = client.post(CREATE, {"name": "CRM sync"}, headers={"HX-Request": "true"})
    body = r.content.decode()
    assert body.lstrip().startswith('<section class="card" id="tokens">')
    assert r.context["raw_token"] in body
    assert "<html" not in body


def test_a_token_needs_a_name(client: Client, cast: Cast) -> None:
    client.force_login(cast.kam)
    r = client.post(CREATE, {"name": "   "})
    assert r.status_code == 200
    assert r.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_it_lists_only_the_users_own_tokens(client: Client, cast: Cast) -> None:
    token_create(actor=cast.kam, user=cast.kam, name="Mine")
    token_create(actor=cast.director, user=cast.director, name="Not mine")
    client.force_login(cast.kam)
    body = client.get(PROFILE).content.decode()
    assert "Mine" in body
    assert "Not mine" not in body


def test_it_revokes_a_token(client: Client, cast: Cast) -> None:
    token, raw = token_create(actor=cast.kam, user=cast.kam, name="CRM sync")
    client.force_login(cast.kam)
    r = client.post(revoke_url(token))
    assert r.status_code == 302
    assert r["Location"] == PROFILE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_authenticate(raw) is None
    page = client.get(PROFILE).content.decode()
    assert "revoked" in page
    assert "Token “CRM sync” revoked" in page  # the flash message


def test_it_revokes_with_htmx(client: Client, cast: Cast) -> None:
    token, _raw = token_create(actor=cast.kam, user=cast.kam, name="CRM sync")
    client.force_login(cast.kam)
    r = client.post(revoke_url(token), headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert "Token “CRM sync” revoked" in r.content.decode()
    assert not ApiToken.objects.active().exists()


def test_it_hides_other_users_tokens(client: Client, cast: Cast) -> None:
    token, raw = token_create(actor=cast.director, user=cast.director, name="Theirs")
    client.force_login(cast.kam)
    assert client.post(revoke_url(token)).status_code == 404
    assert token_authenticate(raw) == cast.director


def test_even_an_admin_revokes_only_his_own_tokens_here(client: Client, cast: Cast) -> None:
    token, _raw = token_create(actor=cast.kam, user=cast.kam, name="Theirs")
    client.force_login(cast.admin)
    assert client.post(revoke_url(token)).status_code == 404


@pytest.mark.parametrize("url", [CREATE, "token-revoke"])
def test_post_only_urls_reject_get(client: Client, cast: Cast, url: str) -> None:
    token, _raw = token_create(actor=cast.kam, user=cast.kam, name="CRM sync")
    client.force_login(cast.kam)
    target = revoke_url(token) if url == "token-revoke" else url
    assert client.get(target).status_code == 405
    assert ApiToken.objects.active().count() == 1


def test_posts_need_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.kam)
    assert client.post(CREATE, {"name": "CRM sync"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_it_changes_the_password(client: Client, cast: Cast) -> None:
    client.force_login(cast.kam)
    url = reverse("users:password-change")
    assert client.get(url).status_code == 200
    r = client.post(
        url,
        {
            "old_password": "pw-for-tests",
            "new_password1": "a much longer passphrase 42",
            "new_password2": "a much longer passphrase 42",
        },
    )
    assert r.status_code == 302
    assert r["Location"] == reverse("users:password-change-done")
    cast.kam.refresh_from_db()
    assert cast.kam.check_password("a much longer passphrase 42")
    assert client.get(r["Location"]).status_code == 200


def test_a_wrong_old_password_changes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.kam)
    r = client.post(
        reverse("users:password-change"),
        {
            "old_password": "wrong",
            "new_password1": "a much longer passphrase 42",
            "new_password2": "a much longer passphrase 42",
        },
    )
    assert r.status_code == 200
    cast.kam.refresh_from_db()
    assert cast.kam.check_password("pw-for-tests")
