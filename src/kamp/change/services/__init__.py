"""Every write of programme maturity and change management goes through these functions."""

from __future__ import annotations

from kamp.change.services.communication import (
    announcement_mark_read,
    announcement_publish,
    communication_item_create,
    communication_item_update,
)
from kamp.change.services.listening import (
    concern_answer,
    concern_create,
    pulse_answer,
    pulse_close,
    pulse_create,
)
from kamp.change.services.maturity import (
    assessment_close,
    assessment_create,
    assessment_invite,
    assessment_propose_actions,
    assessment_rate,
    improvement_action_accept,
    improvement_action_complete,
    improvement_action_create,
    improvement_action_dismiss,
)

__all__ = [
    "announcement_mark_read",
    "announcement_publish",
    "assessment_close",
    "assessment_create",
    "assessment_invite",
    "assessment_propose_actions",
    "assessment_rate",
    "communication_item_create",
    "communication_item_update",
    "concern_answer",
    "concern_create",
    "improvement_action_accept",
    "improvement_action_complete",
    "improvement_action_create",
    "improvement_action_dismiss",
    "pulse_answer",
    "pulse_close",
    "pulse_create",
]
