"""The claims the test provider hands out: standard profile and e-mail, plus a ``groups`` scope."""

from __future__ import annotations

from typing import Any

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    """Fill the standard claims from the provider's Django user."""
    claims.update(
        preferred_username=user.username,
        email=user.email,
        email_verified=True,
        given_name=user.first_name,
        family_name=user.last_name,
        name=f"{user.first_name} {user.last_name}".strip(),
    )
    return claims


class GroupsScopeClaims(ScopeClaims):  # type: ignore[misc]
    """``groups``: the names of the user's Django groups, as Keycloak or Entra ID send them."""

    info_groups = ("Groups", "The groups you belong to.")

    def scope_groups(self) -> dict[str, Any]:
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
