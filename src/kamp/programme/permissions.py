"""Who may see and steer the programme.

* **view** (charter, interviews, reviews, roadmap, sponsorship): anyone with a role;
* **review** (record decisions, validate programme points, add actions in a steering review):
  the programme director and executives, who take part in the reviews;
* **change** (charter, challenges, objectives, interviews, reviews, roadmap, sponsorship
  details): the programme director.

Staff superusers may do everything. People without any role get **404**; people who may see but
not act get **403**.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.organisation.models import Membership
from kamp.organisation.permissions import ALL_ROLES, has_role
from kamp.programme.models import SteeringReview

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User

Role = Membership.Role
ProgrammeAction = Literal["view", "review", "change"]

PROGRAMME_ACTIONS: dict[str, frozenset[str]] = {
    "view": ALL_ROLES,
    "review": frozenset({Role.PROGRAMME_DIRECTOR, Role.EXECUTIVE}),
    "change": frozenset({Role.PROGRAMME_DIRECTOR}),
}


def can(user: User | AnonymousUser, action: ProgrammeAction) -> bool:
    """Whether ``user`` may ``action`` the programme's governance objects."""
    return user.is_active and has_role(user, *PROGRAMME_ACTIONS[action])


def check(user: User | AnonymousUser, action: ProgrammeAction) -> None:
    """Raise 404 if the user may not see the programme, 403 if they may not ``action`` it."""
    if not can(user, "view"):
        raise Http404
    if action != "view" and not can(user, action):
        raise PermissionDenied


def get_review_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: ProgrammeAction = "view"
) -> SteeringReview:
    """The steering review if ``user`` may ``action`` it (404 unseen, 403 not allowed)."""
    if not can(user, "view"):
        raise Http404
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    found = SteeringReview.objects.filter(public_id=key).first()
    if found is None:
        raise Http404
    check(user, action)
    return found
