"""Every write in casting: frameworks (a change makes a new version), role profiles (versioned
once a closed assessment used them), people, campaigns, ratings, closing assessments into
attained levels and development plans, and assignment proposals (accepted through the accounts
app's ``key_account_update``). Atomic and audited.

One module per sub-domain; this package re-exports every service under its old path.
"""

from __future__ import annotations

from kamp.casting.services.campaigns import (
    assessment_close,
    campaign_close,
    campaign_create,
    campaign_open,
    ratings_submit,
)
from kamp.casting.services.frameworks import (
    COMPETENCY_FIELDS,
    framework_create,
    framework_data,
    framework_install_preset,
    framework_update_competency,
)
from kamp.casting.services.people import person_create, person_save, plan_make
from kamp.casting.services.profiles import profile_derive, profile_save, profile_update
from kamp.casting.services.proposals import proposal_accept, proposal_create

__all__ = [
    "COMPETENCY_FIELDS",
    "assessment_close",
    "campaign_close",
    "campaign_create",
    "campaign_open",
    "framework_create",
    "framework_data",
    "framework_install_preset",
    "framework_update_competency",
    "person_create",
    "person_save",
    "plan_make",
    "profile_derive",
    "profile_save",
    "profile_update",
    "proposal_accept",
    "proposal_create",
    "ratings_submit",
]
