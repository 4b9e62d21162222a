"""Writes of the documents app: requesting and building a pack of briefs."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from django.db import transaction

from kamp.accounts.models import KeyAccount
from kamp.core.audit import audit_record
from kamp.documents.models import BriefPack
from kamp.documents.render import FORMATS, language_or_default, render
from kamp.programme.permissions import check

if TYPE_CHECKING:
    from kamp.users.models import User


@transaction.atomic
def pack_request(*, actor: User, fmt: str, language: str | None) -> BriefPack:
    """Queue a pack of the briefs of every key account ``actor`` may see."""
    check(actor, "view")
    if fmt not in FORMATS["brief"]:
        raise ValueError(f"A brief comes as {', '.join(FORMATS['brief'])}, not {fmt}.")
    pack = BriefPack.objects.create(
        requested_by=actor, format=fmt, language=language_or_default(language)
    )
    audit_record(actor=actor, action="brief_pack.request", obj=pack)
    return pack


def pack_build(*, pack_id: int) -> BriefPack:
    """Build the pack: one brief per visible key account, progress saved after each one.

    Runs in the task worker; the requester's permissions decide which accounts are in.
    """
    pack = BriefPack.objects.select_related("requested_by").get(pk=pack_id)
    actor = pack.requested_by
    accounts = list(KeyAccount.objects.visible_to(actor).current().select_related("customer"))
    BriefPack.objects.filter(pk=pack.pk).update(
        status=BriefPack.Status.RUNNING, total=len(accounts)
    )
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for index, account in enumerate(accounts, start=1):
                file = render(
                    "brief", pack.format, actor=actor, language=pack.language, key_account=account
                )
                archive.writestr(file.filename, file.content)
                BriefPack.objects.filter(pk=pack.pk).update(done=index)
    except Exception as error:  # the requester sees why; the worker goes on
        BriefPack.objects.filter(pk=pack.pk).update(
            status=BriefPack.Status.FAILED, error=str(error)
        )
    else:
        BriefPack.objects.filter(pk=pack.pk).update(
            status=BriefPack.Status.DONE, content=buffer.getvalue()
        )
    pack.refresh_from_db()
    return pack
