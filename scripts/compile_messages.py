"""Compile every locale's django.po into django.mo with polib (no GNU gettext needed).

Run as ``.venv/bin/python scripts/compile_messages.py``; ``make messages`` runs it after
``makemessages``. The test suite checks that the committed .mo files match their .po files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "kamp" / "locale"


def main() -> int:
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(LOCALE_DIR.parent)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
