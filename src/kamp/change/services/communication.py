"""Writes of the communication plan and of announcements, with their read receipts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kamp.change.models import Announcement, AnnouncementRead, CommunicationItem
from kamp.change.permissions import check_manager
from kamp.core.audit import audit_record, diff_fields

if TYPE_CHECKING:
    import datetime as dt

    from kamp.users.models import User

EDITABLE_ITEM_FIELDS = {"audience", "message", "channel", "planned_on", "owner", "status"}


@transaction.atomic
def communication_item_create(
    *,
    actor: User,
    audience: str,
    message: str,
    channel: str,
    planned_on: dt.date,
    owner: User | None = None,
) -> CommunicationItem:
    """Add a line to the communication plan (programme director)."""
    check_manager(actor)
    item = CommunicationItem(
        audience=audience, message=message, channel=channel, planned_on=planned_on, owner=owner
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="communication.create", obj=item)
    return item


@transaction.atomic
def communication_item_update(
    *, actor: User, item: CommunicationItem, **fields: Any
) -> CommunicationItem:
    """Change a line of the plan, e.g. mark it done (programme director)."""
    check_manager(actor)
    unknown = set(fields) - EDITABLE_ITEM_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    before = {key: getattr(item, key) for key in fields}
    for key, value in fields.items():
        setattr(item, key, value)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor, action="communication.update", obj=item, changes=diff_fields(before, fields)
    )
    return item


@transaction.atomic
def announcement_publish(
    *,
    actor: User,
    title: str,
    body: str,
    audience: str,
    published_on: dt.date,
    plan_item: CommunicationItem | None = None,
) -> Announcement:
    """Publish an announcement to an audience (programme director).

    When it carries out a line of the communication plan, that line is marked done.
    """
    check_manager(actor)
    announcement = Announcement(
        title=title,
        body=body,
        audience=audience,
        published_on=published_on,
        author=actor,
        plan_item=plan_item,
    )
    announcement.full_clean()
    announcement.save()
    audit_record(actor=actor, action="announcement.publish", obj=announcement)
    if plan_item is not None and plan_item.status != CommunicationItem.Status.DONE:
        communication_item_update(actor=actor, item=plan_item, status=CommunicationItem.Status.DONE)
    return announcement


def announcement_mark_read(*, actor: User, announcement: Announcement) -> bool:
    """Record that the actor opened the announcement; ``True`` the first time.

    A read receipt is itself the record of who read what and when, so it is not audited too.
    """
    if not Announcement.objects.visible_to(actor).filter(pk=announcement.pk).exists():
        raise PermissionDenied
    _receipt, created = AnnouncementRead.objects.get_or_create(
        announcement=announcement, reader=actor
    )
    return created
