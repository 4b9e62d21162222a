"""Import attained levels (assessments) and role profiles from CSV or TOML, all or nothing.

CSV: a header ``person,competency,level`` (person = username); for profiles also optional
``weight`` and ``reason``. TOML: ``[[rows]]`` tables with the same keys. Every problem names
the file, the row, the column and the reason; nothing is saved when any row is wrong.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.casting.models import Assessment, AttainedLevel, Campaign, Person, RoleProfile
from kamp.casting.services import plan_make, profile_save
from kamp.core.audit import audit_record
from kamp.users.selectors import user_by_username

if TYPE_CHECKING:
    from kamp.casting.models import Framework
    from kamp.users.models import User

COLUMNS = ("person", "competency", "level")


@dataclass(frozen=True)
class Row:
    person: str
    competency: str
    level: int
    weight: float = 1.0
    reason: str = ""


def _problem(name: str, row: int, column: str, reason: str) -> str:
    return _("%(file)s, row %(row)s, column %(column)s: %(reason)s") % {
        "file": name,
        "row": row,
        "column": column,
        "reason": reason,
    }


def read_rows(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values) from CSV or, for a ``.toml`` name, TOML ``[[rows]]``."""
    if name.endswith(".toml"):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValidationError(
                _("%(file)s: not TOML (%(error)s).") % {"file": name, "error": error}
            ) from None
        rows = data.get("rows", [])
        if not isinstance(rows, list):
            raise ValidationError(_("%(file)s: [[rows]] tables expected.") % {"file": name})
        return list(enumerate(rows, start=1))
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _problem(name, 1, ", ".join(missing), _("missing column in the header"))
        )
    return list(enumerate(reader, start=2))


def parse_rows(text: str, name: str, codes: set[str], *, with_weight: bool = False) -> list[Row]:
    """Checked rows; raises one ValidationError listing every problem."""
    problems: list[str] = []
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for number, values in read_rows(text, name):
        person = str(values.get("person") or "").strip()
        code = str(values.get("competency") or "").strip()
        raw = values.get("level")
        before = len(problems)
        if not person:
            problems.append(_problem(name, number, "person", _("empty")))
        if code not in codes:
            problems.append(_problem(name, number, "competency", _("unknown competency")))
        try:
            level = int(str(raw).strip())
            if not 1 <= level <= 5 or isinstance(raw, float):
                raise ValueError
        except ValueError:
            problems.append(_problem(name, number, "level", _("a whole number from 1 to 5")))
            level = 0
        weight = 1.0
        if with_weight and str(values.get("weight") or "").strip():
            try:
                weight = float(str(values["weight"]))
                if weight < 0:
                    raise ValueError
            except ValueError:
                problems.append(_problem(name, number, "weight", _("a number, 0 or more")))
        if (person, code) in seen:
            problems.append(_problem(name, number, "competency", _("given twice")))
        seen.add((person, code))
        if len(problems) == before:
            reason = str(values.get("reason") or "")
            rows.append(Row(person, code, level, weight, reason))
    if problems:
        raise ValidationError(problems)
    return rows


def _people(rows: list[Row], name: str) -> dict[str, Person]:
    found: dict[str, Person] = {}
    problems = []
    for n, row in enumerate(rows, start=1):
        if row.person in found:
            continue
        user = user_by_username(row.person)
        person = Person.objects.filter(user=user).first() if user is not None else None
        if person is None:
            problems.append(_problem(name, n, "person", _("no such person in casting")))
        else:
            found[row.person] = person
    if problems:
        raise ValidationError(problems)
    return found


@transaction.atomic
def import_assessments(
    *, actor: User | None, campaign: Campaign, text: str, name: str
) -> list[Assessment]:
    """Closed assessments in ``campaign`` with the levels of the file (all or nothing)."""
    by_code = {c.code: c for c in campaign.framework.competencies.all()}
    rows = parse_rows(text, name, set(by_code))
    people = _people(rows, name)
    made: dict[str, Assessment] = {}
    for row in rows:
        assessment = made.get(row.person)
        if assessment is None:
            assessment, _created = Assessment.objects.get_or_create(
                campaign=campaign, person=people[row.person]
            )
            if assessment.closed_at is not None:
                raise ValidationError(
                    _("%(file)s: %(person)s's assessment is closed already.")
                    % {"file": name, "person": row.person}
                )
            made[row.person] = assessment
        AttainedLevel.objects.create(
            assessment=assessment, competency=by_code[row.competency], level=row.level
        )
    now = timezone.now()
    for assessment in made.values():
        assessment.closed_at = now
        assessment.profile = assessment.person.profile
        assessment.save(update_fields=["closed_at", "profile"])
        audit_record(actor=actor, action="casting.assessment.import", obj=assessment)
        plan_make(actor=actor, person=assessment.person)
    return list(made.values())


def import_profile(
    *, actor: User | None, framework: Framework, role: str, text: str, name: str
) -> list[RoleProfile]:
    """Role profiles from a file whose ``person`` column names the profile (all or nothing)."""
    codes = {c.code for c in framework.competencies.all()}
    rows = parse_rows(text, name, codes, with_weight=True)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row.person, []).append(
            {"code": row.competency, "level": row.level, "weight": row.weight, "reason": row.reason}
        )
    with transaction.atomic():
        return [
            profile_save(
                actor=actor, name=profile, role=role, framework=framework, requirements=items
            )
            for profile, items in grouped.items()
        ]
