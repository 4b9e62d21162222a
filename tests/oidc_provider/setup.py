"""Prepare the test provider's database: tables, a signing key, a user in groups, kamp's client.

``python -m tests.oidc_provider.setup <kamp's callback URL>``, with the provider's environment.
"""

from __future__ import annotations

import sys

import django

CLIENT_ID = "kamp-test-client"
CLIENT_SECRET = "kamp-test-secret-" + "s" * 20
USERNAME = "alice"
PASSWORD = "alice-at-the-idp"
GROUPS = ["kam-group", "ind-team", "unrelated"]


def main(redirect_uri: str) -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    user = User.objects.create_user(
        USERNAME, "alice@example.com", PASSWORD, first_name="Alice", last_name="Idp"
    )
    for name in GROUPS:
        user.groups.add(Group.objects.create(name=name))
    client = Client.objects.create(
        name="kamp",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=True,
        reuse_consent=False,
        _redirect_uris=redirect_uri,
    )
    client.response_types.add(ResponseType.objects.get(value="code"))


if __name__ == "__main__":
    main(sys.argv[1])
