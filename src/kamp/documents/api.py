"""API downloads of the executive documents, in the format and language asked."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from kamp.accounts.permissions import get_key_account_for
from kamp.core.api import READ_ERRORS
from kamp.documents.render import CONTENT_TYPES, FORMATS, RenderedFile, render
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

router = Router(tags=["documents"])


class DocumentIn(Schema):
    format: Literal["pdf", "pptx", "docx", "xlsx"] = Field("pdf", description="File format.")
    language: Literal["en", "es", "fr"] | None = Field(
        None, description="Language of the document (default: the site's)."
    )


def _file_responses(kinds: list[str]) -> dict[str, Any]:
    formats = sorted({fmt for kind in kinds for fmt in FORMATS[kind]})
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "responses": {
            200: {
                "description": "The file.",
                "content": {CONTENT_TYPES[f]: binary for f in formats},
            }
        }
    }


def _attachment(file: RenderedFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@router.get(
    "/documents/{kind}",
    response=READ_ERRORS,
    openapi_extra=_file_responses(["summary", "sponsorship-plan"]),
)
def programme_document(
    request: HttpRequest, kind: Literal["summary", "sponsorship-plan"], query: Query[DocumentIn]
) -> HttpResponse:
    """The programme executive summary (pdf, pptx) or the sponsorship plan (pdf, pptx, xlsx)."""
    return _download(request, kind, query, None)


@router.get(
    "/key-accounts/{key_account_id}/documents/{kind}",
    response=READ_ERRORS,
    openapi_extra=_file_responses(["brief", "account-plan"]),
)
def account_document(
    request: HttpRequest,
    key_account_id: uuid.UUID,
    kind: Literal["brief", "account-plan"],
    query: Query[DocumentIn],
) -> HttpResponse:
    """A key account's Customer Executive Brief (pdf, pptx, docx) or account plan (pdf, docx)."""
    return _download(request, kind, query, key_account_id)


def _download(
    request: HttpRequest, kind: str, query: DocumentIn, key_account_id: uuid.UUID | None
) -> HttpResponse:
    user = request_user(request)
    account = get_key_account_for(user, key_account_id) if key_account_id else None
    if query.format not in FORMATS[kind]:
        raise ValidationError({"format": f"Choose among {', '.join(FORMATS[kind])}."})
    return _attachment(
        render(kind, query.format, actor=user, language=query.language, key_account=account)
    )
