"""People cast for KAM roles (their manager, profile and what they can cover) and their
development plans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.casting import selectors
from kamp.casting.models import DevelopmentAction, Person
from kamp.casting.permissions import can
from kamp.casting.rules import development_plan, gaps
from kamp.casting.services._common import require
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    import datetime as dt

    from kamp.users.models import User

EDITABLE = {"manager", "profile", "segments", "stages", "countries", "languages", "capacity"}


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return value
    return None if value is None else str(value)


@transaction.atomic
def person_create(*, actor: User | None, user: User, **fields: Any) -> Person:
    """Add ``user`` to casting (refused if they are in it already); fields as
    :func:`person_save`."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    if Person.objects.filter(user=user).exists():
        raise ValidationError({"username": _("This user is in casting already.")})
    return person_save(actor=actor, user=user, **fields)


@transaction.atomic
def person_save(*, actor: User | None, user: User, **fields: Any) -> Person:
    """Create or update the casting record of ``user`` (manager, profile, segments, stages,
    countries, languages, capacity)."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if fields.get("manager") is not None and fields["manager"].pk == user.pk:
        raise ValidationError({"manager": _("Nobody is their own manager.")})
    person = Person.objects.filter(user=user).first()
    created = person is None
    person = person or Person(user=user)
    before = {k: _shown(getattr(person, k)) for k in fields} if not created else {}
    for key, value in fields.items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="casting.person.create" if created else "casting.person.update",
        obj=person,
        changes={
            k: [before.get(k), _shown(v)]
            for k, v in fields.items()
            if created or before.get(k) != _shown(v)
        },
    )
    return person


def plan_make(
    *, actor: User | None, person: Person, start: dt.date | None = None
) -> list[DevelopmentAction]:
    """Replace the person's planned actions by one per negative gap of their latest casting."""
    fresh = selectors.people(Person.objects.filter(pk=person.pk)).get()
    casting = selectors.casting_of(fresh)
    DevelopmentAction.objects.filter(person=person, status="planned").delete()
    if casting.profile is None or not casting.attained:
        return []
    found = gaps(selectors.requirements_of(casting.profile), casting.attained)
    by_code = {r.competency.code: r.competency for r in casting.profile.requirements.all()}
    made = [
        DevelopmentAction.objects.create(
            person=person,
            competency=by_code[step.competency],
            title=_("Training: %(name)s from level %(a)s to %(b)s")
            % {"name": by_code[step.competency].name, "a": step.from_level, "b": step.to_level},
            starts_on=step.starts_on,
            due_on=step.due_on,
        )
        for step in development_plan(found, start or timezone.localdate())
    ]
    audit_record(
        actor=actor, action="casting.plan.make", obj=person, changes={"actions": [None, len(made)]}
    )
    return made
