"""Document downloads and the page that offers them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.shortcuts import render as render_page
from django.utils import translation

from kamp.accounts.models import KeyAccount
from kamp.accounts.permissions import get_key_account_for
from kamp.documents.render import FORMATS, RenderedFile, render
from kamp.programme.permissions import check

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest

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
