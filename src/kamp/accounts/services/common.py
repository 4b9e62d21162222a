"""What every write of the accounts app shares: today's date, optimistic locking, rights checks."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.permissions import can_initiative, can_manage_key_account

if TYPE_CHECKING:
    import datetime as dt

    from django.db.models import Model

    from kamp.accounts.models import InitiativeRight, KeyAccount, StrategicInitiative
    from kamp.users.models import User

ZERO = Decimal(0)


def local_today() -> dt.date:
    """Today in the programme's time zone."""
    return timezone.localdate()


def conflict(what: str) -> ValidationError:
    """The error raised when someone else saved ``what`` since the editor read it."""
    return ValidationError(
        _("Someone else changed this %(what)s since you opened it: reload and try again.")
        % {"what": what},
        code="conflict",
    )


def bump_version(model: type[Model], pk: int, version: int, what: str) -> None:
    """Claim the next version of row ``pk`` if it is still at ``version``, else raise a conflict."""
    updated = model._default_manager.filter(pk=pk, version=version).update(version=version + 1)
    if updated != 1:
        raise conflict(what)


def require_initiative_right(
    actor: User, initiative: StrategicInitiative, right: InitiativeRight
) -> None:
    """Refuse (403) unless ``actor`` has ``right`` on ``initiative``."""
    if not can_initiative(actor, initiative, right):
        raise PermissionDenied


def require_manage(actor: User | None, key_account: KeyAccount, *, check: bool) -> None:
    """Refuse (403) unless ``actor`` manages ``key_account`` (skipped when ``check`` is off)."""
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied
