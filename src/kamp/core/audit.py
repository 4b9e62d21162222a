"""The audit trail's only write path, called by every service after it changes something."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kamp.core.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import Model


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: Model,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` (e.g. ``"customer.update"``) to ``obj``."""
    return AuditEvent.objects.create(
        actor_id=None if actor is None else actor.pk,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
    )


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for the fields whose value changed, as JSON-safe strings."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)
