"""Background work of the documents: building a pack of briefs (ids in, status out)."""

from __future__ import annotations

from django.tasks import task

from kamp.documents.services import pack_build


@task()
def build_pack(pack_id: int) -> str:
    """Build the queued brief pack ``pack_id``; return its final status."""
    return pack_build(pack_id=pack_id).status
