"""Who may import, undo imports and see their history: programme directors and staff.

A programme director over the whole customer base (a unit-scoped one would write outside their
unit) or a staff member. Everyone else gets **403** if they have a role in the programme (they
know the page exists) and **404** otherwise.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.imports.models import ImportRun, is_importer
from kamp.organisation.permissions import roles_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User


def can_import(user: User | AnonymousUser) -> bool:
    """Whether ``user`` may import files, undo imports and read the import history."""
    return is_importer(user)


def require_importer(user: User | AnonymousUser) -> None:
    """Raise ``PermissionDenied`` (a member of the programme) or ``Http404`` (anyone else)."""
    if can_import(user):
        return
    if user.is_authenticated and roles_of(user):
        raise PermissionDenied
    raise Http404


def get_import_run_for(user: User | AnonymousUser, public_id: uuid.UUID | str) -> ImportRun:
    """The run with ``public_id``, for someone who may import (404 / 403 as above)."""
    require_importer(user)
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    run = ImportRun.objects.select_related("created_by").filter(public_id=key).first()
    if run is None:
        raise Http404
    return run
