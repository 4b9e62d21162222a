"""Every write on key accounts goes through these functions, one module per sub-domain.

Other apps import them from here (``kamp.accounts.services.key_account_nominate``).
"""

from __future__ import annotations

from kamp.accounts.services.common import (
    bump_version,
    conflict,
)
from kamp.accounts.services.initiatives import (
    action_add,
    action_update,
    initiative_comment,
    initiative_create,
    initiative_transition,
    initiative_update,
    milestone_add,
    milestone_set_done,
)
from kamp.accounts.services.key_accounts import (
    key_account_nominate,
    key_account_update,
    key_account_update_profile,
)
from kamp.accounts.services.plans import (
    plan_copy,
    plan_create,
    plan_refresh_actuals,
    plan_set_targets,
    plan_update,
    sales_by_product_line,
)
from kamp.accounts.services.resources import (
    resource_request_answer,
    resource_request_create,
)
from kamp.accounts.services.stakeholders import (
    stakeholder_add,
    stakeholder_remove,
    stakeholder_update,
)
from kamp.accounts.services.team import (
    raci_set,
    team_member_add,
    team_member_remove,
)
from kamp.accounts.services.whitespace import (
    white_space_mark,
)

__all__ = [
    "action_add",
    "action_update",
    "bump_version",
    "conflict",
    "initiative_comment",
    "initiative_create",
    "initiative_transition",
    "initiative_update",
    "key_account_nominate",
    "key_account_update",
    "key_account_update_profile",
    "milestone_add",
    "milestone_set_done",
    "plan_copy",
    "plan_create",
    "plan_refresh_actuals",
    "plan_set_targets",
    "plan_update",
    "raci_set",
    "resource_request_answer",
    "resource_request_create",
    "sales_by_product_line",
    "stakeholder_add",
    "stakeholder_remove",
    "stakeholder_update",
    "team_member_add",
    "team_member_remove",
    "white_space_mark",
]
