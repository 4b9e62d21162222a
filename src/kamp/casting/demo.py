"""The demo's casting: the method's framework (and the two presets), role profiles, one
assessment campaign with self and manager views, and a team where each decision occurs:

* ``kam`` (Lukas Becker) meets every requirement: **keep**;
* ``kam2`` (Sophie Laurent) fits well but is one level short as a seller, a critical item:
  **train**, with a plan;
* ``member`` (Tiago Costa) fits on most items but is two levels short as an influencer, a
  critical innate aptitude: **transfer_hire**, and a vacancy to hire for.

Then an assignment proposal of the current key accounts (not accepted). Loaded through the
services (audited); running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kamp.accounts.models import KeyAccount
from kamp.casting import services
from kamp.casting.models import AssignmentProposal, Campaign, Person
from kamp.casting.presets import PRESETS
from kamp.users.models import User

CAMPAIGN = "Casting 2026"
PROFILE = "Key account manager (growth)"
#: Manager's levels per person; the self view is one level higher where the manager gave < 5.
LEVELS = {
    "kam": {"leader": 4, "motivator": 3, "seller": 4, "planner": 4, "visionary": 4,
            "influencer": 4, "technical": 4},
    "kam2": {"leader": 3, "motivator": 3, "seller": 3, "planner": 3, "visionary": 3,
             "influencer": 3, "technical": 4},
    "member": {"leader": 3, "motivator": 3, "seller": 4, "planner": 3, "visionary": 4,
               "influencer": 1, "technical": 3},
}  # fmt: skip
MANAGERS = {"kam": "director", "kam2": "director", "member": "kam"}
START = dt.date(2026, 1, 12)


#: Where each demo person can work: countries and the languages they speak.
REACH = {
    "kam": (["DE", "AT", "CH", "NL", "GB", "SE", "DK"], ["de", "en", "nl"]),
    "kam2": (["FR", "BE", "ES", "IT", "PT"], ["fr", "es", "it", "en"]),
    "member": (["DE"], ["de", "en"]),
}
STAGES = ["exploratory", "basic", "cooperative", "interdependent", "integrated"]


def _coverage(username: str) -> dict[str, list[str]]:
    """Both KAMs know every segment of the current key accounts; countries and languages
    differ, so the proposal moves accounts to whoever speaks their customers' language."""
    segments = KeyAccount.objects.current().values_list("customer__industry", flat=True)
    countries, languages = REACH[username]
    return {
        "segments": sorted({s for s in segments if s}),
        "countries": countries,
        "languages": languages,
        "stages": STAGES,
    }


@transaction.atomic
def demo_casting_ensure() -> dict[str, object]:
    """Load the casting demo once; returns what exists (the same on a second run)."""
    users = {u.username: u for u in User.objects.filter(username__in=[*LEVELS, "director"])}
    director = users.get("director")
    for key in PRESETS:
        services.framework_install_preset(actor=director, key=key)
    framework = services.framework_install_preset(actor=director, key="halifax")
    if not Campaign.objects.filter(name=CAMPAIGN).exists() and set(LEVELS) <= set(users):
        growth = services.profile_derive(
            actor=director, name=PROFILE, role="kam", framework=framework, objective="growth"
        )
        services.profile_derive(
            actor=director,
            name="Global key account manager",
            role="global_kam",
            framework=framework,
            objective="growth",
        )
        services.profile_derive(
            actor=director,
            name="Key-account team lead",
            role="team_lead",
            framework=framework,
            objective="balanced",
        )
        people = []
        for name in LEVELS:
            coverage = _coverage(name)
            people.append(
                services.person_save(
                    actor=director,
                    user=users[name],
                    manager=users.get(MANAGERS[name]),
                    profile=growth,
                    capacity=0.0 if name == "member" else 1.0,
                    **coverage,
                )
            )
        campaign = services.campaign_create(
            actor=director, name=CAMPAIGN, framework=framework, people=people
        )
        for assessment in campaign.assessments.select_related("person__user", "person__manager"):
            person = assessment.person
            levels = LEVELS[person.user.username]
            services.ratings_submit(
                actor=person.user,
                assessment=assessment,
                levels={c: (min(5, lv + 1), "Self-assessment.") for c, lv in levels.items()},
            )
            if person.manager is not None:
                services.ratings_submit(
                    actor=person.manager,
                    assessment=assessment,
                    levels={c: (lv, "Observed on account reviews.") for c, lv in levels.items()},
                )
            services.assessment_close(actor=director, assessment=assessment, start=START)
        if not AssignmentProposal.objects.exists():
            services.proposal_create(actor=director)
    return {
        "people": Person.objects.count(),
        "campaigns": Campaign.objects.count(),
        "proposals": AssignmentProposal.objects.count(),
    }
