"""Render a document kind in a format and a language for one reader: the single entry point.

Views, the API, the CLI and the pack task all call :func:`render`. It assembles the content
with the reader's permissions inside ``translation.override(language)``, then hands the plain
:class:`~kamp.documents.content.Document` to the format's builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify

from kamp.documents import assemblers
from kamp.documents.builders.docx import build_docx
from kamp.documents.builders.pdf import build_pdf
from kamp.documents.builders.pptx import build_pptx
from kamp.documents.builders.xlsx import build_xlsx
from kamp.programme.permissions import check

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from kamp.accounts.models import KeyAccount
    from kamp.documents.content import Document
    from kamp.users.models import User

#: The formats each document kind comes in.
FORMATS: dict[str, tuple[str, ...]] = {
    "summary": ("pdf", "pptx"),
    "sponsorship-plan": ("pdf", "pptx", "xlsx"),
    "brief": ("pdf", "pptx", "docx"),
    "account-plan": ("pdf", "docx"),
}
#: Kinds about one key account.
ACCOUNT_KINDS = frozenset({"brief", "account-plan"})

BUILDERS: dict[str, Callable[[Document], bytes]] = {
    "pdf": build_pdf,
    "pptx": build_pptx,
    "docx": build_docx,
    "xlsx": build_xlsx,
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class RenderedFile:
    """A rendered document, ready to download or write."""

    filename: str
    content_type: str
    content: bytes


def language_or_default(language: str | None) -> str:
    """``language`` if the site offers it, else the default language."""
    offered = {code for code, _label in settings.LANGUAGES}
    return language if language in offered else settings.LANGUAGE_CODE


def assemble_document(
    kind: str, *, actor: User, key_account: KeyAccount | None, today: dt.date
) -> Document:
    """The content of ``kind`` as ``actor`` may see it (call inside a translation override)."""
    if kind in ACCOUNT_KINDS:
        if key_account is None:
            raise ValueError(f"A {kind} is about one key account.")
        build = assemblers.brief if kind == "brief" else assemblers.account_plan
        return build(actor=actor, key_account=key_account, today=today)
    check(actor, "view")
    if kind == "summary":
        return assemblers.summary(actor=actor, today=today)
    return assemblers.sponsorship_plan(actor=actor, today=today)


def render(
    kind: str,
    fmt: str,
    *,
    actor: User,
    language: str | None = None,
    key_account: KeyAccount | None = None,
    today: dt.date | None = None,
) -> RenderedFile:
    """Render document ``kind`` as ``fmt`` in ``language`` for ``actor``.

    Raises ``ValueError`` for a format the kind does not come in; the permission helpers raise
    ``Http404`` when the reader may not see the programme.
    """
    if fmt not in FORMATS.get(kind, ()):
        raise ValueError(f"A {kind} comes as {', '.join(FORMATS.get(kind, ()))}, not {fmt}.")
    language = language_or_default(language)
    with translation.override(language):
        document = assemble_document(
            kind, actor=actor, key_account=key_account, today=today or timezone.localdate()
        )
        content = BUILDERS[fmt](document)
    name = kind if key_account is None else f"{kind}-{slugify(key_account.customer.name)}"
    return RenderedFile(f"{name}-{language}.{fmt}", CONTENT_TYPES[fmt], content)
