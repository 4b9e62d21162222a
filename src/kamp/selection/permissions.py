"""Who may see, change and validate segments, scoring models and selection runs.

Selection works on the whole customer base at once, so it needs a membership that covers the
whole base (no business unit): a unit-scoped member would otherwise learn other units' figures.

* **view**: programme director, KAMs, executives and viewers;
* **change** (segments, models, manual scores, runs, submission): the programme director;
* **validate** (the steering committee's decision on each proposed account): the programme
  director and executives.

Staff superusers may do everything. The fetch helpers answer **404** to whoever cannot see the
object and **403** to whoever can see it but not do the action.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.selection.models import ScoringModel, Segment, SelectionResult, SelectionRun
from kamp.selection.roles import SELECTION_ACTIONS, Role, SelectionAction, can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet

    from kamp.users.models import User

__all__ = [
    "SELECTION_ACTIONS",
    "Role",
    "SelectionAction",
    "can",
    "get_result_for",
    "get_run_for",
    "get_scoring_model_for",
    "get_segment_for",
]


def _as_uuid(public_id: uuid.UUID | str) -> uuid.UUID:
    if isinstance(public_id, uuid.UUID):
        return public_id
    try:
        return uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None


def _fetch[M: Model](
    qs: QuerySet[M], user: User | AnonymousUser, public_id: uuid.UUID | str, action: SelectionAction
) -> M:
    if not can(user, "view"):
        raise Http404
    found = qs.filter(public_id=_as_uuid(public_id)).first()
    if found is None:
        raise Http404
    if action != "view" and not can(user, action):
        raise PermissionDenied
    return found


def get_segment_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: SelectionAction = "view"
) -> Segment:
    """The segment if ``user`` may ``action`` it (404 unseen, 403 not allowed)."""
    return _fetch(Segment.objects.all(), user, public_id, action)


def get_scoring_model_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: SelectionAction = "view"
) -> ScoringModel:
    """The scoring model version if ``user`` may ``action`` it (404 / 403)."""
    return _fetch(ScoringModel.objects.select_related("created_by"), user, public_id, action)


def get_run_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: SelectionAction = "view"
) -> SelectionRun:
    """The selection run if ``user`` may ``action`` it (404 / 403)."""
    qs = SelectionRun.objects.select_related("model", "created_by", "submitted_by")
    return _fetch(qs, user, public_id, action)


def get_result_for(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: SelectionAction = "view"
) -> SelectionResult:
    """One account's result in a run if ``user`` may ``action`` it (404 / 403)."""
    qs = SelectionResult.objects.select_related(
        "run", "run__model", "account", "validation", "validation__decided_by"
    )
    return _fetch(qs, user, public_id, action)
