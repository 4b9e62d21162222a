"""Casting pages: reading pages (:mod:`.pages`) and the director's editing pages
(:mod:`.editing`); ``urls.py`` names the functions re-exported here."""

from __future__ import annotations

from kamp.casting.views.editing import (
    campaign_close,
    campaign_create,
    campaign_open,
    person_create,
    person_edit,
    profile_edit,
)
from kamp.casting.views.pages import (
    assessment_close,
    assessment_rate,
    assessment_views,
    campaign_detail,
    campaign_list,
    competency_edit,
    framework_detail,
    framework_list,
    framework_preset,
    person_detail,
    profile_derive,
    profile_detail,
    profile_list,
    proposal_accept,
    proposal_create,
    proposal_detail,
    proposal_latest,
    team,
)

__all__ = [
    "assessment_close",
    "assessment_rate",
    "assessment_views",
    "campaign_close",
    "campaign_create",
    "campaign_detail",
    "campaign_list",
    "campaign_open",
    "competency_edit",
    "framework_detail",
    "framework_list",
    "framework_preset",
    "person_create",
    "person_detail",
    "person_edit",
    "profile_derive",
    "profile_detail",
    "profile_edit",
    "profile_list",
    "proposal_accept",
    "proposal_create",
    "proposal_detail",
    "proposal_latest",
    "team",
]
