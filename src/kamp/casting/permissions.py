"""Who sees and changes what in casting.

* Frameworks, profiles and campaigns: anyone with a membership sees them; the programme
  director changes them (others get **403**; people without any role **404**).
* A person's assessments, gaps and plan: the person, their manager (``Person.manager``) and the
  programme director (:func:`visible_to`); anyone else gets **404**.
* Rating: whoever was asked (a :class:`~kamp.casting.models.Rater`) answers their own form;
  peers' identities are never shown, in pages or the API.
* Assignment proposals: the programme director and executives see them; the director accepts.

Superusers may do everything.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kamp.casting.models import (
    Assessment,
    AssignmentProposal,
    Campaign,
    Framework,
    Person,
    Rater,
    RoleProfile,
)
from kamp.organisation.models import Membership
from kamp.organisation.permissions import memberships_of, reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet

    from kamp.users.models import User

Role = Membership.Role
Action = Literal["view", "change"]
PersonAction = Literal["view", "change", "rate"]


def is_director(user: User | AnonymousUser) -> bool:
    """The programme director over the whole base (or a superuser)."""
    return reach(user, {Role.PROGRAMME_DIRECTOR}).everything


def can(user: User | AnonymousUser, action: Action) -> bool:
    """Whether ``user`` may see (any role) or change (the director) casting's shared objects."""
    if not user.is_authenticated or not user.is_active:
        return False
    if action == "change":
        return is_director(user)
    return user.is_superuser or bool(memberships_of(user))


def can_proposals(user: User | AnonymousUser, action: Action) -> bool:
    if action == "change":
        return is_director(user)
    return reach(user, {Role.PROGRAMME_DIRECTOR, Role.EXECUTIVE}).everything


def visible_to(user: User | AnonymousUser, action: Action = "view") -> QuerySet[Person]:
    """The people whose assessments and plan ``user`` may see (their own, their team's, all for
    the director) or change (the team's for the manager, all for the director)."""
    qs = Person.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if is_director(user):
        return qs
    if action == "change":
        return qs.filter(manager=user)
    return qs.filter(Q(user=user) | Q(manager=user))


def _as_uuid(public_id: uuid.UUID | str) -> uuid.UUID:
    if isinstance(public_id, uuid.UUID):
        return public_id
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None


def _shared[M: Model](
    qs: QuerySet[M], user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action
) -> M:
    if not can(user, "view"):
        raise Http404
    found = qs.filter(public_id=_as_uuid(public_id)).first()
    if found is None:
        raise Http404
    if action == "change" and not can(user, "change"):
        raise PermissionDenied
    return found


def get_framework_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> Framework:
    """The framework version (404 unseen, 403 not allowed)."""
    return _shared(Framework.objects.all(), user, public_id, action)


def get_profile_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> RoleProfile:
    """The role profile (404 / 403)."""
    return _shared(RoleProfile.objects.select_related("framework"), user, public_id, action)


def get_campaign_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> Campaign:
    """The campaign (404 / 403)."""
    return _shared(Campaign.objects.select_related("framework"), user, public_id, action)


def get_person_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> Person:
    """The person if ``user`` may see them (404) and ``action`` them (403)."""
    qs = Person.objects.select_related("user", "manager", "profile", "profile__framework")
    found = visible_to(user, "view").filter(public_id=_as_uuid(public_id)).first()
    if found is None:
        raise Http404
    if action == "change" and not visible_to(user, "change").filter(pk=found.pk).exists():
        raise PermissionDenied
    return qs.get(pk=found.pk)


def get_assessment_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: PersonAction = "view"
) -> Assessment:
    """The assessment: its results for whoever sees the person; its form (``rate``) for whoever
    was asked to rate (404 to anyone else; 403 to someone who sees it but may not do this)."""
    qs = Assessment.objects.select_related("campaign", "campaign__framework", "person__user")
    found = qs.filter(public_id=_as_uuid(public_id)).first()
    if found is None or not user.is_authenticated:
        raise Http404
    sees = visible_to(user, "view").filter(pk=found.person_id).exists()
    rates = Rater.objects.filter(assessment=found, user=user).exists()
    if not sees and not rates:
        raise Http404
    if action == "rate" and not rates:
        raise PermissionDenied
    if action == "view" and not sees:
        raise PermissionDenied
    if action == "change" and not visible_to(user, "change").filter(pk=found.person_id).exists():
        raise PermissionDenied
    return found


def get_proposal_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action = "view"
) -> AssignmentProposal:
    """The assignment proposal (director and executives see it; the director accepts it)."""
    if not can_proposals(user, "view"):
        raise Http404
    found = AssignmentProposal.objects.filter(public_id=_as_uuid(public_id)).first()
    if found is None:
        raise Http404
    if action == "change" and not can_proposals(user, "change"):
        raise PermissionDenied
    return found
