"""Reference values named in English, Spanish or French: industries, units, product lines.

A file may name an industry ``Construcción`` or ``Construction (FR)``, a business unit by its
code or its name in any case, with or without accents. :func:`fold` reduces a value to what is
compared; :data:`INDUSTRY_NAMES` gives the demo catalogue's industries in the three languages,
so that they map onto the English names kamp already holds. Pure: no ORM, no request.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_LANGUAGE_TAG = re.compile(r"\s*[\(\[]\s*(en|es|fr|eng|esp|spa|fra|fre)\s*[\)\]]\s*$", re.I)
_NON_WORD = re.compile(r"[^a-z0-9]+")

#: Each demo industry (as kamp stores it) and its names in Spanish and French, with the usual
#: variants. Compared after :func:`fold`.
INDUSTRY_NAMES: dict[str, tuple[str, ...]] = {
    "Automotive": ("Automoción", "Automotriz", "Automóvil", "Automobile", "Industrie automobile"),
    "Food & beverage": (
        "Alimentación y bebidas",
        "Alimentos y bebidas",
        "Alimentación",
        "Agroalimentaire",
        "Alimentation et boissons",
        "Agroalimentario",
    ),
    "Chemicals": ("Química", "Químicos", "Industria química", "Chimie", "Industrie chimique"),
    "Pharmaceuticals": (
        "Farmacéutica",
        "Farmacia",
        "Industria farmacéutica",
        "Pharmacie",
        "Pharmaceutique",
        "Industrie pharmaceutique",
    ),
    "Utilities": (
        "Servicios públicos",
        "Suministros",
        "Energía y agua",
        "Services publics",
        "Services aux collectivités",
    ),
    "Mining & metals": (
        "Minería y metales",
        "Minería y metalurgia",
        "Mines et métaux",
        "Mines et métallurgie",
        "Mining and metals",
    ),
    "Pulp & paper": (
        "Pasta y papel",
        "Celulosa y papel",
        "Pâtes et papiers",
        "Papeterie",
        "Pulp and paper",
    ),
    "Water & wastewater": (
        "Agua y aguas residuales",
        "Agua y saneamiento",
        "Eau et eaux usées",
        "Eau et assainissement",
        "Water and wastewater",
    ),
    "Construction": ("Construcción", "Construction", "BTP", "Bâtiment"),
    "Logistics": ("Logística", "Logistique", "Transporte y logística", "Transport et logistique"),
}


def fold(value: str) -> str:
    """``"Construcción (ES)"`` → ``"construccion"``: no language tag, accents, case or
    punctuation (``&`` reads as "and", ``y`` and ``et`` too)."""
    text = _LANGUAGE_TAG.sub("", unicodedata.normalize("NFKC", value).strip())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = _NON_WORD.sub(" ", plain.replace("&", " and ")).split()
    return " ".join("and" if w in {"y", "et", "e"} else w for w in words)


def industry_aliases(existing: Iterable[str]) -> dict[str, str]:
    """Folded industry name (English, Spanish, French, or as already stored) → stored name.

    An industry customers already carry keeps its spelling; a demo industry named in another
    language maps to the English name (or to the stored spelling of it).
    """
    table: dict[str, str] = {}
    stored = {fold(name): name for name in existing if name and name.strip()}
    for english, names in INDUSTRY_NAMES.items():
        target = stored.get(fold(english), english)
        for name in (english, *names):
            table[fold(name)] = target
    table.update(stored)
    return table


def code_aliases(entries: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Folded code and name of product lines or business units → code (codes win)."""
    pairs = list(entries)
    table = {fold(name): code for code, name in pairs if fold(name)}
    table.update({fold(code): code for code, _name in pairs if fold(code)})
    return table
