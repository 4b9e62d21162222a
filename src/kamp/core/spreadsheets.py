"""Text that a spreadsheet cannot turn against its user (CSV or formula injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula when the file is opened. Such text gets a leading apostrophe, which spreadsheets show
as text. Used by every export and document that writes cells; imports no app.
"""

from __future__ import annotations

#: The first characters that make a spreadsheet read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The same as a regular expression, for column-wise (Polars) neutralisation.
FORMULA_PATTERN = r"^[=+\-@\t\r]"


def neutralise(value: str) -> str:
    """``"=1+2"`` → ``"'=1+2"``; other text unchanged."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
