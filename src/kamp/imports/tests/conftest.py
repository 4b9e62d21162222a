"""Fixtures of the import tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def import_dir(settings: Settings, tmp_path: Path) -> Path:
    """Uploads go to a folder of the test's own."""
    folder = tmp_path / "imports"
    settings.KAMP_IMPORT_DIR = folder
    return folder
