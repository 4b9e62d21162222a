"""Role profiles: the level, weight and reason a role requires per competency.

Editing a profile that a closed assessment was measured against makes the next version (same
name, ``version`` + 1) and moves the people of the old version to it; the closed assessment
keeps the version it was judged on. An unused profile is edited in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kamp.casting import content, selectors
from kamp.casting.derive import Objective, derive
from kamp.casting.models import Person, Requirement, RoleProfile
from kamp.casting.permissions import can
from kamp.casting.services._common import require
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kamp.casting.models import Competency, Framework
    from kamp.users.models import User

Row = tuple["Competency", int, float, str, dict[str, Any]]


def _rows(framework: Framework, requirements: Iterable[dict[str, Any]]) -> list[Row]:
    by_code = {c.code: c for c in framework.competencies.all()}
    rows: list[Row] = []
    seen: set[str] = set()
    for item in requirements:
        code, level, weight = item.get("code"), item.get("level"), item.get("weight", 1.0)
        if code not in by_code:
            raise ValidationError(_("No competency %(code)s in the framework.") % {"code": code})
        if code in seen:
            raise ValidationError(_("%(code)s: given twice.") % {"code": code})
        seen.add(code)
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            raise ValidationError(_("%(code)s: the level is 1 to 5.") % {"code": code})
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise ValidationError(_("%(code)s: the weight is 0 or more.") % {"code": code})
        why = str(item.get("reason", ""))
        if len(why) > 300:
            raise ValidationError(
                _("%(code)s: the reason is 300 characters at most.") % {"code": code}
            )
        found = content.check(item.get("translations"), content.FIELDS["requirement"])
        rows.append((by_code[code], level, float(weight), why, found))
    return rows


def _kept(
    old: dict[str, tuple[str, dict[str, Any]]], rows: list[Row], given: set[str]
) -> list[Row]:
    """Rows without translations of their own keep the old ones when the English reason did not
    change (a translation of an older reason would be wrong, so it goes)."""
    kept = []
    for c, lv, w, why, found in rows:
        if c.code not in given and c.code in old and old[c.code][0] == why:
            found = old[c.code][1]
        kept.append((c, lv, w, why, found))
    return kept


def _write(profile: RoleProfile, rows: list[Row]) -> None:
    Requirement.objects.bulk_create(
        Requirement(profile=profile, competency=c, level=lv, weight=w, reason=why, translations=t)
        for c, lv, w, why, t in rows
    )


@transaction.atomic
def profile_update(
    *,
    actor: User | None,
    profile: RoleProfile,
    requirements: Iterable[dict[str, Any]],
    reason: str | None = None,
    role: str | None = None,
    translations: dict[str, Any] | None = None,
) -> RoleProfile:
    """Replace the requirements (``code``, ``level`` 1–5, ``weight`` ≥ 0, ``reason``,
    ``translations``) of the newest version of a profile; a new version if it was used."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    newest = RoleProfile.objects.filter(name=profile.name).order_by("-version").first()
    if newest is None or newest.pk != profile.pk:
        raise ValidationError(_("Only the newest version of a profile can be edited."))
    role = role or profile.role
    if role not in RoleProfile.Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    items = list(requirements)
    if not items:
        raise ValidationError(_("A profile requires at least one competency."))
    given = {str(i.get("code")) for i in items if "translations" in i}
    rows = _rows(profile.framework, items)
    old_rows = list(profile.requirements.select_related("competency"))
    old = {r.competency.code: (r.reason, r.translations) for r in old_rows}
    rows = _kept(old, rows, given)
    reason = profile.reason if reason is None else reason
    fields = content.FIELDS["profile"]
    if translations is not None:
        texts = content.check(translations, fields)
    else:
        texts = profile.translations if reason == profile.reason else {}
    before = {code: r.level for code, r in ((r.competency.code, r) for r in old_rows)}
    target = profile
    if selectors.profile_used(profile):
        target = RoleProfile.objects.create(
            name=profile.name,
            version=profile.version + 1,
            role=role,
            framework=profile.framework,
            reason=reason,
            translations=texts,
        )
        moved = Person.objects.filter(profile=profile).update(profile=target)
        audit_record(
            actor=actor,
            action="casting.profile.version",
            obj=target,
            changes={"version": [profile.version, target.version], "people": [None, moved]},
        )
    else:
        profile.role, profile.reason, profile.translations = role, reason, texts
        profile.full_clean()
        profile.save(update_fields=["role", "reason", "translations", "updated_at"])
        profile.requirements.all().delete()
    _write(target, rows)
    audit_record(
        actor=actor,
        action="casting.profile.update",
        obj=target,
        changes={"requirements": [before, {c.code: lv for c, lv, *_rest in rows}]},
    )
    return target


@transaction.atomic
def profile_save(
    *,
    actor: User | None,
    name: str,
    role: str,
    framework: Framework,
    requirements: Iterable[dict[str, Any]],
    reason: str = "",
    translations: dict[str, Any] | None = None,
) -> RoleProfile:
    """Create the role profile ``name``, or replace its newest version's requirements (a new
    version if a closed assessment used it): ``requirements`` give ``code``, ``level`` (1–5),
    ``weight`` (≥ 0), ``reason`` and optionally ``translations``."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    if role not in RoleProfile.Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    items = list(requirements)
    newest = RoleProfile.objects.filter(name=name).order_by("-version").first()
    if newest is not None and newest.framework_id == framework.pk:
        return profile_update(
            actor=actor,
            profile=newest,
            requirements=items,
            reason=reason,
            role=role,
            translations=translations,
        )
    if newest is not None:
        raise ValidationError(
            {"name": _("A profile of this name is on another framework; choose another name.")}
        )
    rows = _rows(framework, items)
    profile = RoleProfile.objects.create(
        name=name,
        role=role,
        framework=framework,
        reason=reason,
        translations=content.check(translations, content.FIELDS["profile"]),
    )
    _write(profile, rows)
    audit_record(
        actor=actor,
        action="casting.profile.create",
        obj=profile,
        changes={"requirements": [None, {c.code: lv for c, lv, *_rest in rows}]},
    )
    return profile


def _derived_reason(objective: Objective) -> str:
    return _("Derived from the programme's %(objective)s objective.") % {"objective": objective}


def profile_derive(
    *, actor: User | None, name: str, role: str, framework: Framework, objective: Objective
) -> RoleProfile:
    """A profile whose levels and weights follow the programme objective (see :mod:`derive`);
    its reasons are written in English with their Spanish and French translations (those the
    interface's catalogues give)."""
    pairs = [(c.code, c.critical) for c in framework.competencies.order_by("position")]
    by_language = {}
    for lang in ("en", *content.LANGUAGES):
        with translation.override(lang):
            by_language[lang] = (derive(pairs, role, objective), _derived_reason(objective))
    english, reason = by_language["en"]
    others = {lang: found for lang, found in by_language.items() if lang != "en"}
    return profile_save(
        actor=actor,
        name=name,
        role=role,
        framework=framework,
        requirements=[
            {
                "code": d.code,
                "level": d.level,
                "weight": d.weight,
                "reason": d.reason,
                "translations": {
                    lang: {"reason": found[n].reason}
                    for lang, (found, _why) in others.items()
                    if found[n].reason != d.reason
                },
            }
            for n, d in enumerate(english)
        ],
        reason=reason,
        translations={
            lang: {"reason": why} for lang, (_found, why) in others.items() if why != reason
        },
    )
