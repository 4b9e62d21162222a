"""Writes on users and their API tokens."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.core.audit import audit_record
from kamp.users.models import ApiToken, User, hash_token


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
) -> User:
    """Create a login. ``password=None`` makes an account that cannot log in until one is set."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user)
    return user


@transaction.atomic
def token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Create an API token for ``user``; return it with the raw key, which is shown only once."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise ValidationError(_("You can only create tokens for yourself."))
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, such as the script that uses it.")}
        )
    raw = ApiToken.generate()
    token = ApiToken(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw))
    token.full_clean()
    token.save()
    audit_record(actor=actor, action="token.create", obj=token)
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token; it stops working at once. Revoking twice is harmless."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action="token.revoke", obj=token)
    return token


def token_authenticate(raw: str) -> User | None:
    """Return the active user holding this active token, or ``None``."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    token.mark_used()
    return token.user
