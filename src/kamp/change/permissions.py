"""Who may see and do what in programme maturity and change management.

* The **programme director** manages everything: assessments, improvement actions, the
  communication plan, announcements, pulse surveys, answers to concerns.
* **Executives** read all of it (and answer what is addressed to them).
* **Everyone with a role** reads the announcements addressed to them, answers the pulse surveys
  addressed to them, rates the assessments they are invited to, and adds concerns and ideas
  (and sees their own).
* People without a role get **404**; people who see an object but may not act on it get **403**.

The filters are each model's ``QuerySet.visible_to(user, action)`` in :mod:`kamp.change.models`;
this module fetches through them.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.change.models import (
    MANAGERS,
    READERS,
    Announcement,
    Assessment,
    CommunicationItem,
    Concern,
    ImprovementAction,
    PulseSurvey,
    user_roles,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model

    from kamp.users.models import User


def is_member(user: User | AnonymousUser) -> bool:
    """Anyone active with a role in the programme (outsiders are not)."""
    return bool(user_roles(user))


def can_manage(user: User | AnonymousUser) -> bool:
    """The programme director (and superusers)."""
    return bool(user_roles(user) & MANAGERS)


def can_read_all(user: User | AnonymousUser) -> bool:
    """The director and executives read every assessment, plan, survey and concern."""
    return bool(user_roles(user) & READERS)


def check_member(user: User | AnonymousUser) -> None:
    """404 for anyone without a role."""
    if not is_member(user):
        raise Http404


def check_reader(user: User | AnonymousUser) -> None:
    """404 for outsiders, 403 for members who are neither director nor executive."""
    check_member(user)
    if not can_read_all(user):
        raise PermissionDenied


def check_manager(user: User | AnonymousUser) -> None:
    """404 for outsiders, 403 for everyone but the director."""
    check_member(user)
    if not can_manage(user):
        raise PermissionDenied


def _get[M: Model](
    model: type[M], user: User | AnonymousUser, public_id: uuid.UUID | str, action: str
) -> M:
    """The object if ``user`` may ``action`` it: 404 when unseen, 403 when seen but not allowed."""
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    objects: Any = model._default_manager  # noqa: SLF001 (every model here has visible_to)
    found: M | None = objects.visible_to(user, "view").filter(public_id=key).first()
    if found is None:
        raise Http404
    if action != "view" and not objects.visible_to(user, action).filter(pk=found.pk).exists():
        raise PermissionDenied
    return found


def get_assessment_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: str = "view"
) -> Assessment:
    """An assessment: ``view``, ``answer`` (rate it) or ``change``."""
    return _get(Assessment, user, public_id, action)


def get_improvement_action_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: str = "view"
) -> ImprovementAction:
    """An improvement action: ``view`` or ``change``."""
    return _get(ImprovementAction, user, public_id, action)


def get_communication_item_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: str = "view"
) -> CommunicationItem:
    """A line of the communication plan: ``view`` or ``change``."""
    return _get(CommunicationItem, user, public_id, action)


def get_announcement_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: str = "view"
) -> Announcement:
    """An announcement: ``view`` or ``change``."""
    return _get(Announcement, user, public_id, action)


def get_pulse_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: str = "view"
) -> PulseSurvey:
    """A pulse survey: ``view``, ``answer`` or ``change``."""
    return _get(PulseSurvey, user, public_id, action)


def get_concern_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: str = "view"
) -> Concern:
    """A concern or idea: ``view`` or ``change`` (answer it)."""
    return _get(Concern, user, public_id, action)
