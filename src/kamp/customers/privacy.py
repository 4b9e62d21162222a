"""Personal data of a contact: everything kamp holds on one person, exported or erased on request.

Who may: the programme director (and superusers), and only for a contact they can see. An export
gathers the judgements every key account manager wrote about the person (stakeholder rows across
accounts), so it is not a right of whoever may edit the contact; an erasure removes those rows
and cannot be undone. Both are audited.

kamp finds what refers to the person without importing the apps above ``customers``:

* **records**: every row whose foreign key points at the contact (the stakeholder rows of every
  key account), read through Django's model relations;
* **mentions**: free text anywhere in kamp (engagement summaries, notes, comments, import
  history...) that contains the person's name or email;
* **audit events** about the contact or its records, or naming them.

Erasing deletes the records that exist only because of the person (their foreign key cascades:
stakeholder rows) and the contact; rows that merely point at them (a sponsorship's counterpart)
stay, without the person. It blanks the audit events about them (their
``object_repr`` and ``changes``). Free-text mentions are left as they are, because they belong to
other records and their authors: the report lists where they are (model, id, field) so that
someone can edit them. The erasure's own audit event holds the reason, the counts and the
contact's database id, never the erased name or email.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.core.audit import audit_record
from kamp.core.models import AuditEvent
from kamp.customers.models import Contact
from kamp.organisation.models import Membership
from kamp.organisation.permissions import has_role, reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User

#: What an erased value reads as, in blanked audit events.
ERASED = "[erased]"
#: Shorter names would match too much free text to be worth reporting.
MIN_MENTION_LENGTH = 3
CONTACT_FIELDS = ("source_id", "name", "title", "email", "phone")


def can_handle_personal_data(user: User | AnonymousUser) -> bool:
    """Whether ``user`` may export and erase people's data: the programme director (unscoped)."""
    return (
        has_role(user, Membership.Role.PROGRAMME_DIRECTOR)
        and reach(user, [Membership.Role.PROGRAMME_DIRECTOR]).everything
    )


def _require(actor: User) -> None:
    if not can_handle_personal_data(actor):
        raise PermissionDenied(_("Only the programme director handles personal data requests."))


@dataclass(frozen=True)
class Mention:
    """Free text naming the person: where it is (never the text, in an erasure report)."""

    model: str
    id: int
    field: str


@dataclass
class ErasureReport:
    """What an erasure did, and what it left for someone to edit by hand."""

    removed: dict[str, int] = field(default_factory=dict)
    unlinked: dict[str, int] = field(default_factory=dict)
    audit_events_blanked: int = 0
    mentions_left: list[Mention] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _value(obj: models.Model, f: models.Field[Any, Any]) -> Any:
    if isinstance(f, models.ForeignKey):
        related = getattr(obj, f.name)
        return None if related is None else str(related)
    value = getattr(obj, f.attname)
    if isinstance(value, (str, int, float, bool, dict, list)) or value is None:
        return value
    return f.value_to_string(obj)


def _as_record(obj: models.Model) -> dict[str, Any]:
    concrete = [f for f in obj._meta.concrete_fields if not f.primary_key]
    return {
        "model": obj._meta.label_lower,
        "id": obj.pk,
        "fields": {f.name: _value(obj, f) for f in concrete},
    }


def _records(contact: Contact) -> list[tuple[models.Model, bool]]:
    """Every row (of any app) whose foreign key points at the contact, but other contacts, with
    whether it goes with the contact (``CASCADE``: a record about them, such as a stakeholder
    row) or stays without them (``SET_NULL``: a sponsorship that names them as counterpart)."""
    rows: list[tuple[models.Model, bool]] = []
    for relation in Contact._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many or relation.one_to_one) or not relation.auto_created:
            continue
        model = relation.related_model
        if model is Contact or not isinstance(model, type):
            continue
        fk = relation.field  # type: ignore[union-attr]
        cascades = fk.remote_field.on_delete is models.CASCADE
        found = model._default_manager.filter(**{fk.name: contact}).order_by("pk")
        rows.extend((row, cascades) for row in found)
    return rows


def _terms(contact: Contact) -> list[str]:
    terms = [t for t in (contact.name.strip(), contact.email.strip()) if t]
    terms = [t for t in terms if len(t) >= MIN_MENTION_LENGTH]
    # JSON written by Django escapes accents ("Garc\\u00eda"): look for that spelling too.
    return terms + [e for t in terms if (e := json.dumps(t)[1:-1]) != t]


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        and not f.choices
        and not f.primary_key
    ]


def _mentions(contact: Contact, skip: set[tuple[str, int]]) -> list[tuple[Mention, str]]:
    """Free text of every kamp model that names the person, with the text itself."""
    terms = _terms(contact)
    found: list[tuple[Mention, str]] = []
    if not terms:
        return found
    for model in apps.get_models():
        if not model.__module__.startswith("kamp.") or model in (Contact, AuditEvent):
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        where = Q()
        for f in fields:
            for term in terms:
                where |= Q(**{f"{f.name}__icontains": term})
        label = model._meta.label_lower
        for row in model._default_manager.filter(where).order_by("pk"):
            if (label, row.pk) in skip:
                continue
            for f in fields:
                text = getattr(row, f.attname)
                text = text if isinstance(text, str) else json.dumps(text)
                if any(term.casefold() in text.casefold() for term in terms):
                    found.append((Mention(label, row.pk, f.name), text))
    return found


def _audit_events(contact: Contact, records: list[tuple[models.Model, bool]]) -> tuple[Q, Q]:
    """Events about the contact or its records, and events that merely name the person."""
    about = Q(object_type=Contact._meta.label_lower, object_id=str(contact.pk))
    for row, cascades in records:
        if cascades:  # the events of a row that stays are about that row, not the person
            about |= Q(object_type=row._meta.label_lower, object_id=str(row.pk))
    naming = Q(pk__in=[])
    for term in _terms(contact):
        naming |= Q(object_repr__icontains=term) | Q(changes__icontains=term)
    return about, naming


def _keys(records: list[tuple[models.Model, bool]]) -> set[tuple[str, int]]:
    return {(row._meta.label_lower, row.pk) for row, _cascades in records}


def contact_personal_data(*, actor: User, contact: Contact) -> dict[str, Any]:
    """Everything kamp holds on ``contact``, as JSON-ready data (the export is audited)."""
    _require(actor)
    records = _records(contact)
    about, naming = _audit_events(contact, records)
    events = AuditEvent.objects.filter(about | naming).select_related("actor").order_by("pk")
    data = {
        "exported_at": timezone.now().isoformat(),
        "exported_by": actor.get_username(),
        "contact": {
            "id": str(contact.public_id),
            **{name: getattr(contact, name) for name in CONTACT_FIELDS},
            "customer": {"id": str(contact.customer.public_id), "name": contact.customer.name},
            "reports_to": contact.reports_to.name if contact.reports_to else None,
            "created_at": contact.created_at.isoformat(),
            "updated_at": contact.updated_at.isoformat(),
        },
        "records": [_as_record(row) for row, _cascades in records],
        "mentions": [
            {**asdict(mention), "text": text}
            for mention, text in _mentions(contact, _keys(records))
        ],
        "audit_events": [
            {
                "when": event.created_at.isoformat(),
                "who": event.actor.get_username() if event.actor else None,
                "action": event.action,
                "object_type": event.object_type,
                "object": event.object_repr,
                "changes": event.changes,
            }
            for event in events
        ],
    }
    audit_record(actor=actor, action="contact.personal_data_export", obj=contact)
    return data


def _without(text: str, terms: list[str]) -> str:
    for term in terms:
        start = text.casefold().find(term.casefold())
        while start >= 0:
            text = text[:start] + ERASED + text[start + len(term) :]
            start = text.casefold().find(term.casefold(), start + len(ERASED))
    return text


@transaction.atomic
def contact_erase(*, actor: User, contact: Contact, reason: str) -> ErasureReport:
    """Erase ``contact`` on request: their records and the contact go, audit events about them
    are blanked, free-text mentions are reported; the erasure itself is audited."""
    _require(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the erasure.")})
    records = _records(contact)
    about, _naming = _audit_events(contact, records)
    report = ErasureReport()
    report.mentions_left = [mention for mention, _text in _mentions(contact, _keys(records))]
    report.audit_events_blanked = AuditEvent.objects.filter(about).update(
        object_repr=ERASED, changes={}
    )
    for row, cascades in records:
        label = row._meta.label_lower
        counts = report.removed if cascades else report.unlinked
        counts[label] = counts.get(label, 0) + 1
        if cascades:
            row.delete()
    report.removed[Contact._meta.label_lower] = 1
    terms = _terms(contact)
    contact_pk = contact.pk
    contact.delete()
    contact.pk = contact_pk
    contact.name = ERASED  # the event's object_repr: never the erased name
    audit_record(
        actor=actor,
        action="contact.erase",
        obj=contact,
        changes={
            "reason": _without(reason, terms),
            "removed": report.removed,
            "mentions_left": len(report.mentions_left),
        },
    )
    return report
