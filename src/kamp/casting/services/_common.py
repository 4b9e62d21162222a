"""What every casting service shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(*, allowed: bool) -> None:
    """Raise PermissionDenied unless ``allowed``."""
    if not allowed:
        raise PermissionDenied
