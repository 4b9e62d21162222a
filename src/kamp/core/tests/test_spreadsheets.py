"""Spreadsheet-safe text: formulas become text, everything else is left alone."""

from __future__ import annotations

import re

import pytest

from kamp.core.spreadsheets import FORMULA_PATTERN, FORMULA_STARTS, neutralise


@pytest.mark.parametrize(
    "text", ["=1+2", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx", "＝1", "＋1", "－1", "＠A"]
)
def test_formulas_become_text(text: str) -> None:
    assert neutralise(text) == f"'{text}"
    assert re.match(FORMULA_PATTERN, text)


@pytest.mark.parametrize("text", ["", "plain", "1+2", " =1", "'=1"])
def test_other_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text
    assert not re.match(FORMULA_PATTERN, text)
    assert not text.startswith(FORMULA_STARTS)
