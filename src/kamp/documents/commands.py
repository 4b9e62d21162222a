"""What ``kamp brief``, ``kamp summary`` and ``kamp sponsorship-plan`` do (Django set up)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Q

from kamp.accounts.models import KeyAccount
from kamp.documents.render import FORMATS, RenderedFile, render

if TYPE_CHECKING:
    from pathlib import Path

    from kamp.users.models import User


def find_key_account(reader: User, reference: str) -> KeyAccount:
    """A current key account the reader may see, by id, customer id or exact group name."""
    accounts = KeyAccount.objects.visible_to(reader).current().select_related("customer")
    try:
        by_id = Q(public_id=uuid.UUID(reference))
    except ValueError:
        by_id = Q()
    found = accounts.filter(
        by_id | Q(customer__source_id=reference) | Q(customer__name__iexact=reference)
    ).first()
    if found is None:
        raise ObjectDoesNotExist(f"No key account {reference!r} that you may see.")
    return found


def write_document(
    kind: str,
    fmt: str,
    *,
    reader: User,
    output: Path,
    language: str | None,
    account: str | None = None,
) -> RenderedFile:
    """Render ``kind`` as ``fmt`` for ``reader`` and write it to ``output``."""
    if fmt not in FORMATS[kind]:
        raise ValidationError(f"Choose a format among {', '.join(FORMATS[kind])}.")
    key_account = find_key_account(reader, account) if account is not None else None
    file = render(kind, fmt, actor=reader, language=language, key_account=key_account)
    output.write_bytes(file.content)
    return file
