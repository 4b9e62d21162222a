"""The demo's change management: two maturity assessments a year apart, improvement actions on
the roadmap, a communication plan with announcements, a pulse survey and answered concerns.

Loaded by ``kamp demo`` after the demo programme, through the services (so it is audited), as
the demo's users. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kamp.change import services
from kamp.change.maturity import Dimension
from kamp.change.models import Assessment, ImprovementAction
from kamp.programme.models import SteeringReview
from kamp.users.models import User

D = Dimension
#: Ratings a year ago and now, by respondent, in the order of :class:`Dimension`.
RATINGS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "director": ((2, 1, 1, 2, 1, 2, 1, 1), (3, 3, 2, 3, 2, 2, 2, 2)),
    "executive": ((2, 2, 1, 1, 2, 1, 1, 2), (3, 3, 2, 2, 3, 2, 2, 3)),
    "kam": ((1, 2, 2, 1, 1, 2, 1, 2), (3, 2, 3, 3, 2, 3, 2, 2)),
    "pcdirector": ((2, 1, 1, 2, 1, 1, 2, 1), (3, 3, 2, 2, 2, 2, 3, 2)),
}
EVIDENCE: dict[str, str] = {
    D.PORTFOLIO: "Selection run validated by the steering committee; criteria written down.",
    D.PLANNING: "Gold accounts have a plan reviewed this year; Bronze plans are still drafts.",
    D.INTEGRATION: "Sponsors named for most accounts; profit centres commit about half the asks.",
}
PLAN = [
    ("company", "Why we start a key account programme", "event", -330, "done"),
    ("executives", "Your role as executive sponsor", "meeting", -300, "done"),
    ("kams", "The account plan and how it is reviewed", "announcement", -20, "done"),
    ("profit_centres", "How resource requests from key accounts work", "meeting", 20, "planned"),
    (
        "departments",
        "Key accounts: what changes for support functions",
        "newsletter",
        45,
        "planned",
    ),
]
ANNOUNCEMENTS = [
    (
        "The key account programme starts",
        "We are starting a key account management programme to grow with our best customers. "
        "Key accounts get a KAM, an executive sponsor and a yearly plan.",
        "company",
        -330,
    ),
    (
        "Account plans: the review calendar",
        "Every key account plan is reviewed with its sponsor before the steering review.",
        "kams",
        -20,
    ),
]
PULSE_QUESTIONS = [
    "I understand why we run a key account programme.",
    "I know what the programme expects of me.",
    "The programme helps our customers.",
]
#: Seven answers (scores in question order, comment), above the anonymity threshold.
PULSE_ANSWERS = [
    ("kam", (5, 4, 4), "The plan template helps me prepare the customer meeting."),
    ("kam2", (4, 4, 3), ""),
    ("executive", (5, 3, 4), "Sponsor meetings need a clearer agenda."),
    ("pcdirector", (3, 2, 3), "Resource requests arrive too late in our budget cycle."),
    ("pcdirector-env", (4, 3, 4), ""),
    ("member", (3, 2, 3), "I do not know which customers are key accounts."),
    ("viewer", (4, 3, 3), ""),
]
CONCERNS = [
    (
        "member",
        "concern",
        "Will key accounts get priority over my other customers in support?",
        "Support keeps its service levels for everyone; key accounts get a named contact.",
    ),
    (
        "pcdirector",
        "idea",
        "Align resource requests with the budget calendar of the profit centres.",
        "Agreed: requests for next year are collected before the budget round in September.",
    ),
    ("kam2", "idea", "Share a one-page summary of each Gold account with the sales teams.", ""),
]


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(is_active=True)}


def demo_change_ensure() -> bool:
    """Create the demo's change management once; ``False`` if it is there or the director
    is missing."""
    users = _users()
    director = users.get("director")
    if director is None or Assessment.objects.exists():
        return False
    today = timezone.localdate()
    _assessments(users, director, today)
    _communication(users, director, today)
    _listening(users, director, today)
    return True


def _assess(
    users: dict[str, User], director: User, on: dt.date, title: str, which: int
) -> Assessment:
    respondents = [users[name] for name in RATINGS if name in users and name != "director"]
    assessment = services.assessment_create(
        actor=director,
        title=title,
        assessed_on=on,
        targets={D.PLANNING: 4, D.INTEGRATION: 3},
        respondents=respondents,
    )
    for name, levels in RATINGS.items():
        if name not in users:
            continue
        for dimension, level in zip(Dimension.values, levels[which], strict=True):
            services.assessment_rate(
                actor=users[name],
                assessment=assessment,
                dimension=dimension,
                level=level,
                evidence=EVIDENCE.get(dimension, "") if name == "director" else "",
            )
    return assessment


def _assessments(users: dict[str, User], director: User, today: dt.date) -> None:
    last_year = today - dt.timedelta(days=365)
    first = _assess(users, director, last_year, "Maturity assessment, first year", 0)
    services.assessment_propose_actions(actor=director, assessment=first)
    services.assessment_close(actor=director, assessment=first)
    second = _assess(users, director, today, "Maturity assessment, second year", 1)
    proposed = services.assessment_propose_actions(actor=director, assessment=second)
    for number, action in enumerate(proposed[:3]):
        services.improvement_action_accept(
            actor=director,
            action=action,
            owner=director,
            due_on=today + dt.timedelta(days=60 + 30 * number),
        )
    # A year ago's first proposals were carried out: put them on the roadmap and mark them done.
    for action in ImprovementAction.objects.filter(assessment=first).order_by("id")[:2]:
        services.improvement_action_accept(actor=director, action=action, owner=director)
        services.improvement_action_complete(actor=director, action=action)


def _communication(users: dict[str, User], director: User, today: dt.date) -> None:
    items = []
    for audience, message, channel, days, status in PLAN:
        item = services.communication_item_create(
            actor=director,
            audience=audience,
            message=message,
            channel=channel,
            planned_on=today + dt.timedelta(days=days),
            owner=director,
        )
        if status == "done" and channel != "announcement":
            services.communication_item_update(actor=director, item=item, status="done")
        items.append(item)
    for number, (title, body, audience, days) in enumerate(ANNOUNCEMENTS):
        announcement = services.announcement_publish(
            actor=director,
            title=title,
            body=body,
            audience=audience,
            published_on=today + dt.timedelta(days=days),
            plan_item=items[2] if number == 1 else None,
        )
        for name in ("executive", "kam", "pcdirector", "member"):
            reader = users.get(name)
            if reader is not None and (number == 0 or name == "kam"):
                services.announcement_mark_read(actor=reader, announcement=announcement)


def _listening(users: dict[str, User], director: User, today: dt.date) -> None:
    survey = services.pulse_create(
        actor=director,
        title="How is the key account programme going?",
        audience="company",
        questions=PULSE_QUESTIONS,
        free_text="What would you change?",
        opened_on=today - dt.timedelta(days=14),
    )
    for name, scores, comment in PULSE_ANSWERS:
        if name in users:
            services.pulse_answer(actor=users[name], survey=survey, scores=scores, comment=comment)
    review = SteeringReview.objects.order_by("held_on", "id").first()
    for name, kind, text, answer in CONCERNS:
        author = users.get(name)
        if author is None:
            continue
        concern = services.concern_create(actor=author, kind=kind, text=text)
        if answer:
            services.concern_answer(actor=director, concern=concern, answer=answer, review=review)
