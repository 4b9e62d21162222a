"""Text that a spreadsheet cannot turn against its user (CSV or formula injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula when the file is opened; so may their full-width forms (``＝`` ``＋`` ``－`` ``＠``), which
spreadsheets in East Asian locales turn into the ASCII ones. Such text gets a leading
apostrophe, which spreadsheets show as text. The one rule for every export and document that
writes cells, CSV and XLSX alike; imports no app.
"""

from __future__ import annotations

import re

#: The first characters that make a spreadsheet read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: The same as a regular expression (``re`` and Polars alike).
FORMULA_PATTERN = "^[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]"


def neutralise(value: str) -> str:
    """``"=1+2"`` → ``"'=1+2"``; other text unchanged."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


#: C0 control characters other than tab, line feed and carriage return: XML (XLSX, DOCX, PPTX)
#: cannot hold them, and no one types them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def printable(value: str) -> str:
    """``value`` without the control characters a document cannot hold (tab and newlines stay).

    The API and the forms refuse such characters; this is the defence in depth where text is
    written, so that one bad value already stored never breaks a file for everyone.
    """
    return CONTROL_CHARACTERS.sub("", value)
