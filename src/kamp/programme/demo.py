"""The demo programme: a charter, leaders' interviews, steering reviews and a roadmap.

Loaded by ``kamp demo`` after the demo selection, through the services (so it is audited), as
the demo's programme director. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from kamp.accounts.models import KeyAccount
from kamp.customers.models import Contact
from kamp.programme import services
from kamp.programme.models import Charter, cadence_for_tier
from kamp.users.models import User

CHALLENGES = [
    (
        "customer_focus",
        "Refocus the company on its best customers",
        [("Key accounts grow twice as fast as other customers", "growth ratio", "2x")],
    ),
    (
        "silos",
        "Break the silos between business units",
        [("Every key account has a cross-unit team", "share of key accounts", "100 %")],
    ),
    (
        "portfolio_asset",
        "Manage the customer portfolio as an asset",
        [("An executive sponsor for every key account", "sponsor coverage", "100 %")],
    ),
]
INTERVIEWS = [
    ("James Whitfield", "Chief executive", ["Growth", "Silos", "Margin"]),
    ("Marco Bianchi", "Director, Industrial", ["Silos", "Resources", "Growth"]),
    ("Anouk Visser", "Director, Environmental", ["Margin", "Customer knowledge"]),
]
MILESTONES = [
    ("alignment", "Charter validated by the executive committee", -60, "done"),
    ("sponsorship", "A sponsor named for every key account", 30, "in_progress"),
    ("selection", "Key accounts validated by the steering committee", 0, "in_progress"),
    ("six_points", "First account plans approved", 90, "planned"),
    ("launch", "Programme launch event", 120, "planned"),
]


def demo_programme_ensure() -> bool:
    """Create the demo programme once; ``False`` if it is there or there is no director."""
    director = User.objects.filter(username="director").first()
    executive = User.objects.filter(username="executive").first()
    if director is None or Charter.objects.exclude(name="").exists():
        return False
    today = timezone.localdate()
    services.charter_update(
        actor=director,
        name="Key Account Management programme",
        scope="Customer groups of every business unit and country.",
        owner=executive,
    )
    for kind, title, objectives in CHALLENGES:
        challenge = services.challenge_create(actor=director, kind=kind, title=title)
        for objective, kpi, target in objectives:
            services.objective_create(
                actor=director, challenge=challenge, title=objective, kpi=kpi, target=target
            )
    for index, (name, position, themes) in enumerate(INTERVIEWS):
        services.interview_create(
            actor=director,
            interviewee=name,
            position=position,
            held_on=today - dt.timedelta(days=90 - index * 7),
            themes=themes,
        )
    _reviews(director, executive, today)
    for phase, title, days, status in MILESTONES:
        services.milestone_create(
            actor=director,
            phase=phase,
            title=title,
            owner=director,
            due_on=today + dt.timedelta(days=days),
            status=status,
        )
    return True


def _reviews(director: User, executive: User | None, today: dt.date) -> None:
    attendees = [u for u in (director, executive) if u is not None]
    held = services.review_create(
        actor=director,
        title="Kick-off steering review",
        held_on=today - dt.timedelta(days=45),
        agenda="Charter, interviews' synthesis, segmentation.",
        attendees=attendees,
    )
    services.review_validate_point(
        actor=director, review=held, point="charter", decision="validated"
    )
    services.review_validate_point(
        actor=director, review=held, point="segments", decision="to_rework", note="Merge water."
    )
    services.review_action_create(
        actor=director,
        review=held,
        title="Propose a sponsor for every key account",
        owner=executive,
        due_on=today + dt.timedelta(days=14),
    )
    services.review_create(
        actor=director,
        title="Quarterly steering review",
        held_on=today + dt.timedelta(days=21),
        agenda="Selection run, tiers, sponsorship plan.",
        attendees=attendees,
    )


def demo_sponsorship_ensure() -> int:
    """Give each sponsored demo key account a counterpart and a few engagements (once).

    Every third account's last engagement is long past, so the plan shows overdue flags.
    Returns how many accounts got engagements.
    """
    director = User.objects.filter(username="director").first()
    if director is None:
        return 0
    today = timezone.localdate()
    accounts = (
        KeyAccount.objects.current()
        .filter(sponsor__isnull=False, engagements__isnull=True)
        .select_related("customer")
        .order_by("customer__name", "id")
    )
    for index, account in enumerate(accounts):
        top = (
            Contact.objects.filter(
                Q(customer=account.customer) | Q(customer__group=account.customer)
            )
            .filter(reports_to__isnull=True)
            .order_by("name", "id")
            .first()
        )
        services.sponsorship_update(actor=director, key_account=account, counterpart=top)
        # Every third account was last met a month past its cadence: an overdue flag to see.
        days_ago = cadence_for_tier(account.tier) + 30 if index % 3 == 0 else 20 + index
        for kind, offset in (("meeting", days_ago), ("call", days_ago + 60)):
            services.engagement_log(
                actor=director,
                key_account=account,
                kind=kind,
                held_on=today - dt.timedelta(days=offset),
                summary="Business review with the customer's management."
                if kind == "meeting"
                else "Call on the contract renewal.",
            )
    return len(accounts)
