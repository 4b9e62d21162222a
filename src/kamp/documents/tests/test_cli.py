"""``kamp brief``, ``kamp summary`` and ``kamp sponsorship-plan`` write files that open."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from kamp.cli import app
from kamp.documents.tests.readers import READERS

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Cast
    from kamp.accounts.models import KeyAccount

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_it_writes_a_brief_in_the_language_asked(
    cast: Cast, account: KeyAccount, tmp_path: Path
) -> None:
    out = tmp_path / "acme.docx"
    args = ["brief", "Acme Group", "--as", "executive", "-f", "docx", "-o", str(out), "-l", "es"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Oro" in READERS["docx"](out.read_bytes())


@pytest.mark.parametrize(("command", "fmt"), [("summary", "pptx"), ("sponsorship-plan", "xlsx")])
def test_it_writes_programme_documents(
    cast: Cast, account: KeyAccount, tmp_path: Path, command: str, fmt: str
) -> None:
    out = tmp_path / f"doc.{fmt}"
    result = runner.invoke(app, [command, "--as", "director", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Acme Group" in READERS[fmt](out.read_bytes())


def test_it_explains_what_it_cannot_do(cast: Cast, account: KeyAccount, tmp_path: Path) -> None:
    out = str(tmp_path / "x")
    wrong_format = runner.invoke(app, ["summary", "--as", "director", "-f", "xlsx", "-o", out])
    assert wrong_format.exit_code == 1 and "pdf, pptx" in wrong_format.output
    unseen = runner.invoke(app, ["brief", "Acme Group", "--as", "outsider", "-o", out])
    assert unseen.exit_code == 1 and "No key account" in unseen.output
    outsider = runner.invoke(app, ["summary", "--as", "outsider", "-o", out])
    assert outsider.exit_code == 1 and "may not see" in outsider.output
