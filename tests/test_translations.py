"""Every user-facing string exists in Spanish and French; compiled catalogues are current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "kamp" / "locale"
LANGUAGES = ["es", "fr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {language}: {missing[:10]}"
    assert not fuzzy, f"fuzzy (unchecked) in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language: str, tmp_path: Path) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    polib.pofile(str(po)).save_as_mofile(str(fresh))
    assert fresh.read_bytes() == po.with_suffix(".mo").read_bytes(), (
        "run `make messages` (or scripts/compile_messages.py) and commit the .mo files"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_no_string_in_the_code_is_missing_from_the_catalogues(tmp_path: Path) -> None:
    """Extract the strings afresh into a copy and compare with the committed catalogues."""
    copy = tmp_path / "kamp"
    shutil.copytree(ROOT / "src" / "kamp", copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--no-obsolete", "--no-wrap"],
        cwd=copy,
        check=True,
        capture_output=True,
        # The copy is the one imported, so LOCALE_PATHS points into it, not at the real files.
        env={
            "DJANGO_SETTINGS_MODULE": "kamp.settings_test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(tmp_path),
        },
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/es/LC_MESSAGES/django.po"))}
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        committed = {e.msgid for e in polib.pofile(str(po))}
        missing = extracted - committed
        assert not missing, f"run `make messages` and translate the new strings ({language})"
