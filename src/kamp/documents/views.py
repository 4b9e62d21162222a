"""Document downloads and the page that offers them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils import translation
from django.views.decorators.http import require_POST

from kamp.accounts.permissions import get_key_account_for
from kamp.documents import selectors
from kamp.documents.models import BriefPack
from kamp.documents.render import FORMATS, RenderedFile, render
from kamp.documents.services import pack_request
from kamp.documents.tasks import build_pack
from kamp.programme.permissions import check

if TYPE_CHECKING:
    from uuid import UUID

    from kamp.users.http import AuthenticatedHttpRequest


def _language(request: AuthenticatedHttpRequest) -> str:
    return request.GET.get("lang") or translation.get_language() or "en"


def _attachment(file: RenderedFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def document_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The documents the reader may download, in the language they choose."""
    check(request.user, "view")
    accounts = selectors.downloadable_account_list(actor=request.user)
    context = {
        "formats": FORMATS,
        "accounts": accounts,
        "language": _language(request),
        "packs": selectors.pack_list(actor=request.user),
    }
    return render_page(request, "documents/document_list.html", context)


def programme_document(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    """Download the programme summary or the sponsorship plan."""
    if fmt not in FORMATS.get(kind, ()) or kind not in {"summary", "sponsorship-plan"}:
        raise Http404
    return _attachment(render(kind, fmt, actor=request.user, language=_language(request)))


def account_document(
    request: AuthenticatedHttpRequest, kind: str, public_id: UUID, fmt: str
) -> HttpResponse:
    """Download a key account's Customer Executive Brief or account plan."""
    if fmt not in FORMATS.get(kind, ()) or kind not in {"brief", "account-plan"}:
        raise Http404
    account = get_key_account_for(request.user, public_id)
    file = render(kind, fmt, actor=request.user, language=_language(request), key_account=account)
    return _attachment(file)


@require_POST
def pack_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Queue a ZIP of every visible key account's brief; the worker builds it."""
    fmt = request.POST.get("format", "pdf")
    if fmt not in FORMATS["brief"]:
        raise Http404
    pack = pack_request(actor=request.user, fmt=fmt, language=request.POST.get("lang"))
    build_pack.enqueue(pack.pk)
    return redirect(pack)


def _own_pack(request: AuthenticatedHttpRequest, public_id: UUID) -> BriefPack:
    check(request.user, "view")
    pack = selectors.own_pack(actor=request.user, public_id=public_id)
    if pack is None:
        raise Http404
    return pack


def pack_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A pack's progress (the fragment, polled by htmx until it is finished)."""
    pack = _own_pack(request, public_id)
    template = "documents/_pack.html" if request.htmx else "documents/pack_detail.html"
    return render_page(request, template, {"pack": pack})


def pack_download(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The finished pack as a ZIP file."""
    pack = _own_pack(request, public_id)
    content = selectors.pack_content(pack)
    if pack.status != BriefPack.Status.DONE or content is None:
        raise Http404
    response = HttpResponse(content, content_type="application/zip")
    name = f"briefs-{pack.language}-{pack.created_at:%Y%m%d-%H%M}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
