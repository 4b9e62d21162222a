"""A ZIP of every visible key account's brief, built as a background task with progress."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from kamp.documents.models import BriefPack
from kamp.documents.services import pack_build, pack_request

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.accounts.models import KeyAccount

pytestmark = pytest.mark.django_db


def test_a_pack_holds_the_briefs_the_requester_may_see(
    cast: Cast, account: KeyAccount, hidden: KeyAccount
) -> None:
    pack = pack_build(pack_id=pack_request(actor=cast.pcdirector, fmt="docx", language="fr").pk)
    assert (pack.status, pack.total, pack.done, pack.progress) == ("done", 1, 1, 100)
    names = zipfile.ZipFile(io.BytesIO(bytes(pack.content or b""))).namelist()
    assert names == ["brief-acme-group-fr.docx"]


def test_the_pack_page_builds_follows_and_downloads(
    client: Client, cast: Cast, account: KeyAccount
) -> None:
    client.force_login(cast.executive)
    assert client.get(reverse("documents:pack-create")).status_code == 405
    response = client.post(reverse("documents:pack-create"), {"format": "pptx", "lang": "es"})
    pack = BriefPack.objects.get()
    assert response.status_code == 302 and response["Location"] == pack.get_absolute_url()
    fragment = client.get(pack.get_absolute_url(), headers={"HX-Request": "true"})
    assert "Download the ZIP" in fragment.content.decode()
    download = client.get(reverse("documents:pack-download", args=[pack.public_id]))
    assert download["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(download.content)).namelist() == ["brief-acme-group-es.pptx"]
    client.force_login(cast.director)  # someone else's pack is not there
    assert client.get(pack.get_absolute_url()).status_code == 404
    client.force_login(cast.outsider)
    assert client.post(reverse("documents:pack-create"), {"format": "pdf"}).status_code == 404
