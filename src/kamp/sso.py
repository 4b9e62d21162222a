"""Single sign-on with OpenID Connect (mozilla-django-oidc), on when ``KAMP_OIDC_CLIENT_ID`` is set.

Project level on purpose: it writes users and organisation memberships, so it sits above both.

On each sign-in the user is found by ``KAMP_OIDC_USERNAME_CLAIM`` (created on first sign-in,
with no usable password), their name and e-mail follow the provider, and, when
``KAMP_OIDC_ROLE_MAP`` is set, their memberships are made to match the provider's groups:
``"kam-group=kam,directors=programme_director,ind=team_member@IND"`` maps each group to a role,
optionally limited to a business unit by its code. The provider is then the source of truth: a
membership whose group was taken away is removed at the next sign-in. Without a role map, kamp's
own membership screens decide.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from kamp.core.audit import audit_record
from kamp.organisation.models import Membership
from kamp.organisation.selectors import business_unit_by_code
from kamp.organisation.services import membership_create, membership_delete
from kamp.users.models import User
from kamp.users.selectors import user_by_username
from kamp.users.services import user_create

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.db.models import QuerySet
    from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Grant:
    """A role, over the whole customer base (``unit_code`` None) or over one business unit."""

    role: str
    unit_code: str | None = None


def parse_role_map(raw: str) -> dict[str, list[Grant]]:
    """Read ``group=role[@UNIT],…``; several entries may name the same group."""
    grants: dict[str, list[Grant]] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        group, sep, target = item.partition("=")
        role, _, unit = target.strip().partition("@")
        if not sep or not group.strip() or role not in Membership.Role.values:
            raise ImproperlyConfigured(
                f"KAMP_OIDC_ROLE_MAP: {item!r} is not group=role[@UNIT] with role one of "
                + ", ".join(Membership.Role.values)
            )
        grants.setdefault(group.strip(), []).append(Grant(role, unit.strip() or None))
    return grants


def grants_for(groups: Iterable[str], role_map: dict[str, list[Grant]]) -> set[Grant]:
    """The grants the provider's groups give."""
    return {grant for group in groups for grant in role_map.get(group, [])}


@transaction.atomic
def sync_memberships(user: User, wanted: set[Grant]) -> None:
    """Make ``user``'s memberships exactly ``wanted`` (unknown units are skipped, logged)."""
    have: dict[Grant, Membership] = {}
    for membership in Membership.objects.for_user(user).select_related("business_unit"):
        unit = membership.business_unit
        have[Grant(membership.role, unit.code if unit else None)] = membership
    for grant, membership in have.items():
        if grant not in wanted:
            membership_delete(actor=None, membership=membership)
    for grant in wanted - have.keys():
        unit = business_unit_by_code(grant.unit_code) if grant.unit_code else None
        if grant.unit_code and unit is None:
            logger.warning("KAMP_OIDC_ROLE_MAP names unknown business unit %s", grant.unit_code)
            continue
        membership_create(actor=None, user=user, role=grant.role, business_unit=unit)


def _groups(claims: dict[str, Any]) -> list[str]:
    value = claims.get(settings.KAMP_OIDC_GROUPS_CLAIM, [])
    if isinstance(value, str):
        return [value]
    return [str(group) for group in value] if isinstance(value, list) else []


class KampOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Finds or creates the kamp user for a provider's claims and sets their memberships."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not settings.KAMP_OIDC_ENABLED:
            return None
        user = super().authenticate(request, **kwargs)
        return user if isinstance(user, User) else None

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims with the userinfo endpoint's on top (Entra ID puts groups in
        the ID token only)."""
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get(settings.KAMP_OIDC_USERNAME_CLAIM))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        username = str(claims[settings.KAMP_OIDC_USERNAME_CLAIM])
        user = user_by_username(username, active_only=False)
        return User.objects.filter(pk=user.pk) if user else User.objects.none()

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> User:
        user = user_create(
            actor=None,
            username=str(claims[settings.KAMP_OIDC_USERNAME_CLAIM]),
            password=None,
            email=str(claims.get("email", "")),
            first_name=str(claims.get("given_name", "")),
            last_name=str(claims.get("family_name", "")),
        )
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        changes: dict[str, Any] = {}
        for field, claim in [
            ("email", "email"),
            ("first_name", "given_name"),
            ("last_name", "family_name"),
        ]:
            value = claims.get(claim)
            if isinstance(value, str) and value != getattr(user, field):
                changes[field] = [getattr(user, field), value]
                setattr(user, field, value)
        if changes:
            user.save(update_fields=list(changes))
            audit_record(actor=None, action="user.update", obj=user, changes=changes)
        if settings.KAMP_OIDC_ROLE_MAP:
            role_map = parse_role_map(settings.KAMP_OIDC_ROLE_MAP)
            sync_memberships(user, grants_for(_groups(claims), role_map))
        return user


def _only_when_enabled(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    @login_not_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.KAMP_OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


#: The sign-in redirect to the provider, and the provider's way back.
authentication_init = _only_when_enabled(OIDCAuthenticationRequestView.as_view())
authentication_callback = _only_when_enabled(OIDCAuthenticationCallbackView.as_view())


def login_options(request: HttpRequest) -> dict[str, object]:
    """Template context: whether to show the "Sign in with …" button, and the provider's name."""
    return {
        "sso_enabled": settings.KAMP_OIDC_ENABLED,
        "sso_provider_name": settings.KAMP_OIDC_PROVIDER_NAME,
    }
