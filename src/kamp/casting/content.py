"""Casting content in the reader's language (pure: no ORM, no request).

Frameworks, competencies, role profiles and requirements keep their English text in their own
fields and the other languages in ``translations``: ``{"es": {"name": ..., "anchors": [...]},
"fr": {...}}``. :func:`localized` reads one field in the active language (the page's, or the
API request's ``Accept-Language`` through Django's locale middleware) and falls back to English
field by field, so a half-translated competency still reads whole.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

#: The languages content may be translated into (English lives in the fields).
LANGUAGES = ("es", "fr")
#: The translatable fields of each content kind.
FIELDS = {
    "framework": ("name", "description"),
    "competency": ("name", "description", "anchors"),
    "profile": ("reason",),
    "requirement": ("reason",),
}


class Translatable(Protocol):
    translations: Any


def language(code: str | None = None) -> str:
    """``es`` or ``fr`` when that (or the active language) is one, else ``en``."""
    base = (code or translation.get_language() or "en").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def localized(obj: Translatable, field: str, code: str | None = None) -> Any:
    """``obj.field`` in the language ``code`` (default: the active one), English if missing."""
    english = getattr(obj, field)
    lang = language(code)
    if lang == "en":
        return english
    found = (obj.translations or {}).get(lang, {}).get(field)
    if field == "anchors":
        if isinstance(found, list) and len(found) == len(english) and all(found):
            return found
        return english
    return found or english


def check(translations: object, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """``translations`` cleaned: known languages and fields only, blank texts dropped; raises
    ValidationError naming what is wrong (anchors must be five texts)."""
    if not translations:
        return {}
    if not isinstance(translations, dict):
        raise ValidationError(_("Translations: a table per language (es, fr)."))
    clean: dict[str, dict[str, Any]] = {}
    for lang, values in translations.items():
        if lang not in LANGUAGES:
            raise ValidationError(_("Translations: unknown language %(lang)s.") % {"lang": lang})
        if not isinstance(values, dict):
            raise ValidationError(_("Translations (%(lang)s): a table of fields.") % {"lang": lang})
        for field, text in values.items():
            if field not in fields:
                raise ValidationError(
                    _("Translations (%(lang)s): unknown field %(field)s.")
                    % {"lang": lang, "field": field}
                )
            if field == "anchors":
                if not text:
                    continue
                if (
                    not isinstance(text, list)
                    or len(text) != 5
                    or not all(isinstance(a, str) and a.strip() for a in text)
                ):
                    raise ValidationError(
                        _("Translations (%(lang)s): five behaviour anchors, one per level.")
                        % {"lang": lang}
                    )
                clean.setdefault(lang, {})[field] = [a.strip() for a in text]
            elif isinstance(text, str):
                if text.strip():
                    clean.setdefault(lang, {})[field] = text.strip()
            else:
                raise ValidationError(
                    _("Translations (%(lang)s): %(field)s is a text.")
                    % {"lang": lang, "field": field}
                )
    return clean
