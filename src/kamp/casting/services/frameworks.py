"""Competency frameworks: a version is never changed; editing one competency makes the next
version. Content is English in the fields, Spanish and French in ``translations``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.casting import content
from kamp.casting.models import Competency, Framework
from kamp.casting.permissions import can
from kamp.casting.presets import preset
from kamp.casting.services._common import require
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    from kamp.users.models import User

COMPETENCY_FIELDS = ("name", "description", "kind", "importance", "anchors", "translations")
#: The competency fields written in a language (translated in ``translations``).
TEXT_FIELDS = content.FIELDS["competency"]


def _check_competency(item: dict[str, Any], where: str) -> None:
    missing = [k for k in ("code", "name", "kind", "importance") if not item.get(k)]
    if missing:
        raise ValidationError(
            _("%(where)s: missing %(fields)s.") % {"where": where, "fields": ", ".join(missing)}
        )
    if item["kind"] not in Competency.Kind.values:
        raise ValidationError(_("%(where)s: kind is aptitude or learnable.") % {"where": where})
    if item["importance"] not in Competency.Importance.values:
        raise ValidationError(
            _("%(where)s: importance is critical or preferred.") % {"where": where}
        )
    anchors = item.get("anchors", [])
    if len(anchors) != 5 or not all(isinstance(a, str) and a for a in anchors):
        raise ValidationError(
            _("%(where)s: give five behaviour anchors, one per level.") % {"where": where}
        )
    item["translations"] = content.check(item.get("translations"), TEXT_FIELDS)


@transaction.atomic
def framework_create(
    *, actor: User | None, key: str, data: dict[str, Any], notes: str = ""
) -> Framework:
    """A new version of framework ``key`` from ``data`` (``name``, ``description``,
    ``translations``, ``competencies``: code, name, description, kind, importance, anchors,
    translations)."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    items = data.get("competencies") or []
    if not data.get("name") or not items:
        raise ValidationError(_("A framework needs a name and at least one competency."))
    codes = [str(i.get("code", "")) for i in items]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each competency code appears once."))
    for n, item in enumerate(items, start=1):
        _check_competency(item, _("competency %(n)s") % {"n": n})
    last = Framework.objects.filter(key=key).order_by("-version").first()
    framework = Framework.objects.create(
        key=key,
        version=last.version + 1 if last else 1,
        name=data["name"],
        description=data.get("description", ""),
        translations=content.check(data.get("translations"), content.FIELDS["framework"]),
        notes=notes,
        created_by=actor,
    )
    defaults: dict[str, Any] = {"translations": {}}
    Competency.objects.bulk_create(
        Competency(
            framework=framework,
            position=n,
            code=i["code"],
            **{f: i.get(f, defaults.get(f, "")) for f in COMPETENCY_FIELDS},
        )
        for n, i in enumerate(items)
    )
    audit_record(
        actor=actor,
        action="casting.framework.create",
        obj=framework,
        changes={"version": [None, framework.version], "competencies": [None, codes]},
    )
    return framework


def framework_data(framework: Framework) -> dict[str, Any]:
    """A framework version as the dictionary :func:`framework_create` reads (and TOML)."""
    return {
        "name": framework.name,
        "description": framework.description,
        "translations": framework.translations,
        "competencies": [
            {"code": c.code, **{f: getattr(c, f) for f in COMPETENCY_FIELDS}}
            for c in framework.competencies.order_by("position", "id")
        ],
    }


def framework_install_preset(*, actor: User | None, key: str) -> Framework:
    """Install a shipped preset (or return its newest version if it is installed already)."""
    found = Framework.objects.filter(key=key).order_by("-version").first()
    return found or framework_create(actor=actor, key=key, data=preset(key), notes="preset")


def _stale_dropped(item: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """The competency's translations without those of English texts ``fields`` change (a
    translation of the old text would be wrong)."""
    changed = [f for f in TEXT_FIELDS if f in fields and fields[f] != item.get(f)]
    return {
        lang: {f: v for f, v in values.items() if f not in changed}
        for lang, values in (item.get("translations") or {}).items()
    }


def framework_update_competency(
    *, actor: User, framework: Framework, code: str, notes: str = "", **fields: Any
) -> Framework:
    """Change one competency (``translations`` included): makes the next version; older
    versions and what was assessed on them stay as they were. Translations of English texts
    changed without new translations are dropped rather than left wrong."""
    data = framework_data(framework)
    for item in data["competencies"]:
        if item["code"] == code:
            given = {k: v for k, v in fields.items() if k in COMPETENCY_FIELDS}
            if "translations" not in given:
                given["translations"] = _stale_dropped(item, given)
            item.update(given)
            break
    else:
        raise ValidationError(_("No competency %(code)s in this framework.") % {"code": code})
    return framework_create(actor=actor, key=framework.key, data=data, notes=notes)
