"""`kamp brief`, `kamp summary` and `kamp sponsorship-plan`: executive documents to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kamp.cli._common import Failure, found, out, setup_django, user_errors

DocumentFormat = Annotated[str, typer.Option("--format", "-f", help="File format.")]
DocumentOutput = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]
DocumentReader = Annotated[
    str, typer.Option("--as", help="Show what this user may see (login name).")
]
DocumentLanguage = Annotated[
    str | None, typer.Option("--language", "-l", help="en, es or fr (default: the site's).")
]


def write_document(
    kind: str, fmt: str, output: Path, reader: str, language: str | None, account: str | None
) -> None:
    """Render a document for ``reader`` and say where it went."""
    setup_django()
    from django.http import Http404

    from kamp.documents.commands import write_document as write
    from kamp.users.selectors import user_by_username

    with user_errors():
        try:
            file = write(
                kind,
                fmt,
                reader=found(user_by_username(reader), f"user named {reader!r}"),
                output=output,
                language=language,
                account=account,
            )
        except Http404:
            raise Failure(f"{reader} may not see the programme's documents.") from None
    out.print(f"Wrote {escape(str(output))} ({len(file.content):,} bytes).")


def brief(
    account: Annotated[str, typer.Argument(help="Key account: customer id or group name.")],
    reader: DocumentReader,
    fmt: DocumentFormat = "pdf",
    output: DocumentOutput = Path("brief.pdf"),
    language: DocumentLanguage = None,
) -> None:
    """Write a key account's Customer Executive Brief (pdf, pptx or docx)."""
    write_document("brief", fmt, output, reader, language, account)


def summary(
    reader: DocumentReader,
    fmt: DocumentFormat = "pdf",
    output: DocumentOutput = Path("summary.pdf"),
    language: DocumentLanguage = None,
) -> None:
    """Write the programme executive summary (pdf or pptx)."""
    write_document("summary", fmt, output, reader, language, None)


def sponsorship_plan(
    reader: DocumentReader,
    fmt: DocumentFormat = "pdf",
    output: DocumentOutput = Path("sponsorship-plan.pdf"),
    language: DocumentLanguage = None,
) -> None:
    """Write the executive sponsorship plan (pdf, pptx or xlsx)."""
    write_document("sponsorship-plan", fmt, output, reader, language, None)
