"""Regenerate ``src/kamp/imports/countries.py`` from the CLDR territory names shipped in Babel.

Run as ``.venv/bin/python scripts/generate_countries.py`` (writes the file) or with ``--check``
(exits 1 when the committed file differs from what the installed Babel gives). The table holds
every ISO 3166-1 alpha-2 territory CLDR names in English, Spanish and French, leaving out the
groupings (EU, EZ, UN) and the user-assigned codes (AA, QM-QZ, XA-XZ, ZZ; XK for Kosovo is one
of those). ``ALIASES`` is kept by hand here: names people write that CLDR does not use.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import babel
from babel import Locale

TARGET = Path(__file__).resolve().parent.parent / "src" / "kamp" / "imports" / "countries.py"
LINE_LENGTH = 100
GROUPINGS = {"EU", "EZ", "UN"}
USER_ASSIGNED = re.compile(r"^(AA|Q[M-Z]|X[A-Z]|ZZ)$")

ALIASES: list[tuple[str, str]] = [
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("England", "GB"),
    ("Britain", "GB"),
    ("Gran Bretaña", "GB"),
    ("Grande-Bretagne", "GB"),
    ("USA", "US"),
    ("United States of America", "US"),
    ("EEUU", "US"),
    ("EE. UU.", "US"),
    ("Etats-Unis", "US"),
    ("Holland", "NL"),
    ("Holanda", "NL"),
    ("Hollande", "NL"),
    ("Deutschland", "DE"),
    ("España", "ES"),
    ("Espana", "ES"),
    ("Italia", "IT"),
    ("Österreich", "AT"),
    ("Schweiz", "CH"),
    ("Suisse", "CH"),
    ("Czech Republic", "CZ"),
    ("República Checa", "CZ"),
    ("République tchèque", "CZ"),
]

HEADER = '''"""ISO 3166-1 alpha-2 country codes with their names in English, Spanish and French.

Generated once from the Unicode CLDR territory names (as shipped in Babel {version}; Unicode
licence) so that kamp needs no country library at run time. :data:`ALIASES` adds a few names
people write that CLDR does not use.
"""

from __future__ import annotations

#: ISO code -> (English, Spanish, French) name.
COUNTRIES: dict[str, tuple[str, str, str]] = {{
'''


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def countries() -> dict[str, tuple[str, str, str]]:
    """Code → (English, Spanish, French) name, from the installed Babel's CLDR data."""
    en, es, fr = (
        {str(k): str(v) for k, v in Locale(tag).territories.items()} for tag in ("en", "es", "fr")
    )
    codes = sorted(
        code
        for code in en
        if re.fullmatch(r"[A-Z]{2}", code)
        and code not in GROUPINGS
        and not USER_ASSIGNED.match(code)
    )
    return {code: (en[code], es[code], fr[code]) for code in codes}


def _entry(code: str, names: tuple[str, str, str]) -> list[str]:
    one_line = f"    {_quoted(code)}: ({', '.join(_quoted(n) for n in names)}),"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    return [f"    {_quoted(code)}: (", *(f"        {_quoted(n)}," for n in names), "    ),"]


def render() -> str:
    """The whole module, formatted as ``ruff format`` leaves it."""
    lines = [HEADER.format(version=babel.__version__).rstrip("\n")]
    for code, names in countries().items():
        lines.extend(_entry(code, names))
    lines += ["}", "", "#: Other spellings seen in ERP exports, mapped to their ISO code.", ""]
    lines[-1] = "ALIASES: dict[str, str] = {"
    lines.extend(f"    {_quoted(alias)}: {_quoted(code)}," for alias, code in ALIASES)
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        same = TARGET.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{TARGET} differs from Babel {babel.__version__}")  # noqa: T201
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} from Babel {babel.__version__}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
