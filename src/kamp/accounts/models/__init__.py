"""The accounts app's models, one module per sub-domain; Django and other apps import them here."""

from __future__ import annotations

from kamp.accounts.models.initiatives import (
    COMMITTEE_ROLES,
    InitiativeAction,
    InitiativeActionQuerySet,
    InitiativeEvent,
    InitiativeRight,
    Milestone,
    StrategicInitiative,
    StrategicInitiativeQuerySet,
)
from kamp.accounts.models.key_accounts import (
    CHANGE_ROLES,
    KeyAccount,
    KeyAccountQuerySet,
    RelationshipStage,
    RelationshipStageChange,
    account_scope,
)
from kamp.accounts.models.plans import (
    PLAN_SECTIONS,
    SECTION_FIELDS,
    AccountPlan,
    AccountPlanQuerySet,
    PlanRevision,
    ProfitPlanLine,
)
from kamp.accounts.models.resources import ANSWER_ROLES, ResourceRequest, ResourceRequestQuerySet
from kamp.accounts.models.stakeholders import Stakeholder
from kamp.accounts.models.team import RaciAssignment, TeamMember
from kamp.accounts.models.whitespace import WhiteSpaceCell

__all__ = [
    "ANSWER_ROLES",
    "CHANGE_ROLES",
    "COMMITTEE_ROLES",
    "PLAN_SECTIONS",
    "SECTION_FIELDS",
    "AccountPlan",
    "AccountPlanQuerySet",
    "InitiativeAction",
    "InitiativeActionQuerySet",
    "InitiativeEvent",
    "InitiativeRight",
    "KeyAccount",
    "KeyAccountQuerySet",
    "Milestone",
    "PlanRevision",
    "ProfitPlanLine",
    "RaciAssignment",
    "RelationshipStage",
    "RelationshipStageChange",
    "ResourceRequest",
    "ResourceRequestQuerySet",
    "Stakeholder",
    "StrategicInitiative",
    "StrategicInitiativeQuerySet",
    "TeamMember",
    "WhiteSpaceCell",
    "account_scope",
]
