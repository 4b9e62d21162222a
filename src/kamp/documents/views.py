"""Document downloads and the page that offers them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as render_page
from django.utils import translation
from django.views.decorators.http import require_POST

from kamp.accounts.models import KeyAccount
from kamp.accounts.permissions import get_key_account_for
from kamp.documents.models import BriefPack
from kamp.documents.render import FORMATS, RenderedFile, render
from kamp.documents.services import pack_request
from kamp.documents.tasks import build_pack
from kamp.programme.permissions import check

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest

    from kamp.core.http import HtmxHttpRequest
    from kamp.users.models import User


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


def _language(request: HttpRequest) -> str:
    return request.GET.get("lang") or translation.get_language() or "en"


def _attachment(file: RenderedFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def document_list(request: HttpRequest) -> HttpResponse:
    """The documents the reader may download, in the language they choose."""
    check(request.user, "view")
    accounts = KeyAccount.objects.visible_to(request.user).current().select_related("customer")
    context = {
        "formats": FORMATS,
        "accounts": accounts,
        "language": _language(request),
        "packs": BriefPack.objects.filter(requested_by=_actor(request)).defer("content")[:5],
    }
    return render_page(request, "documents/document_list.html", context)


def programme_document(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """Download the programme summary or the sponsorship plan."""
    if fmt not in FORMATS.get(kind, ()) or kind not in {"summary", "sponsorship-plan"}:
        raise Http404
    return _attachment(render(kind, fmt, actor=_actor(request), language=_language(request)))


def account_document(request: HttpRequest, kind: str, public_id: UUID, fmt: str) -> HttpResponse:
    """Download a key account's Customer Executive Brief or account plan."""
    if fmt not in FORMATS.get(kind, ()) or kind not in {"brief", "account-plan"}:
        raise Http404
    account = get_key_account_for(request.user, public_id)
    file = render(
        kind, fmt, actor=_actor(request), language=_language(request), key_account=account
    )
    return _attachment(file)


@require_POST
def pack_create(request: HttpRequest) -> HttpResponse:
    """Queue a ZIP of every visible key account's brief; the worker builds it."""
    fmt = request.POST.get("format", "pdf")
    if fmt not in FORMATS["brief"]:
        raise Http404
    pack = pack_request(actor=_actor(request), fmt=fmt, language=request.POST.get("lang"))
    build_pack.enqueue(pack.pk)
    return redirect(pack)


def _own_pack(request: HttpRequest, public_id: UUID) -> BriefPack:
    check(request.user, "view")
    return get_object_or_404(
        BriefPack.objects.defer("content"), public_id=public_id, requested_by=_actor(request)
    )


def pack_detail(request: HtmxHttpRequest, public_id: UUID) -> HttpResponse:
    """A pack's progress (the fragment, polled by htmx until it is finished)."""
    pack = _own_pack(request, public_id)
    template = "documents/_pack.html" if request.htmx else "documents/pack_detail.html"
    return render_page(request, template, {"pack": pack})


def pack_download(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The finished pack as a ZIP file."""
    pack = _own_pack(request, public_id)
    content = BriefPack.objects.filter(pk=pack.pk).values_list("content", flat=True).first()
    if pack.status != BriefPack.Status.DONE or content is None:
        raise Http404
    response = HttpResponse(bytes(content), content_type="application/zip")
    name = f"briefs-{pack.language}-{pack.created_at:%Y%m%d-%H%M}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
