"""Pages of key accounts and their plans, one module per sub-domain; ``urls`` names them here."""

from __future__ import annotations

from kamp.accounts.views.initiatives import (
    action_add,
    action_status,
    initiative_comment,
    initiative_create,
    initiative_detail,
    initiative_transition,
    initiatives_to_decide,
    milestone_add,
    milestone_toggle,
    overdue_actions,
)
from kamp.accounts.views.key_accounts import (
    key_account_detail,
    key_account_list,
    key_account_profile,
)
from kamp.accounts.views.plans import (
    plan_copy,
    plan_create,
    plan_detail,
    plan_export,
    plan_refresh,
    plan_targets,
)
from kamp.accounts.views.resources import (
    resource_alignment,
    resource_inbox,
    resource_request_add,
    resource_request_answer,
)
from kamp.accounts.views.stakeholders import (
    stakeholder_edit,
    stakeholder_map,
    stakeholder_remove,
)
from kamp.accounts.views.team import (
    account_team,
    raci_cell,
    team_member_remove,
)
from kamp.accounts.views.whitespace import (
    white_space,
)

__all__ = [
    "account_team",
    "action_add",
    "action_status",
    "initiative_comment",
    "initiative_create",
    "initiative_detail",
    "initiative_transition",
    "initiatives_to_decide",
    "key_account_detail",
    "key_account_list",
    "key_account_profile",
    "milestone_add",
    "milestone_toggle",
    "overdue_actions",
    "plan_copy",
    "plan_create",
    "plan_detail",
    "plan_export",
    "plan_refresh",
    "plan_targets",
    "raci_cell",
    "resource_alignment",
    "resource_inbox",
    "resource_request_add",
    "resource_request_answer",
    "stakeholder_edit",
    "stakeholder_map",
    "stakeholder_remove",
    "team_member_remove",
    "white_space",
]
