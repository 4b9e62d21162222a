"""Reads that combine the programme's objects: synthesis, roadmap by phase, next review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Max, Prefetch, Q

from kamp.accounts.models import KeyAccount
from kamp.customers.models import Contact
from kamp.organisation.models import Membership
from kamp.programme.models import (
    BusinessChallenge,
    Engagement,
    Interview,
    Milestone,
    PointValidation,
    ReviewAction,
    Sponsorship,
    SteeringReview,
    cadence_for_tier,
)
from kamp.programme.permissions import check
from kamp.programme.sponsorship import SponsorLoad, SponsorshipRow, next_due, workload
from kamp.users.models import User

if TYPE_CHECKING:
    import datetime as dt
    import uuid

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet


@dataclass
class Theme:
    """A theme raised in interviews, with who raised it."""

    label: str
    interviewees: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.interviewees)


def synthesise_themes(interviews: list[tuple[str, list[str]]]) -> list[Theme]:
    """Group themes across interviews (case-insensitively), most often raised first.

    ``interviews`` holds (interviewee, themes) pairs; the first spelling of a theme is kept.
    """
    themes: dict[str, Theme] = {}
    for person, raised in interviews:
        for label in raised:
            theme = themes.setdefault(label.strip().casefold(), Theme(label.strip()))
            if person not in theme.interviewees:
                theme.interviewees.append(person)
    return sorted(themes.values(), key=lambda t: (-t.count, t.label.casefold()))


def interview_synthesis(*, actor: User) -> list[Theme]:
    """Themes across every interview the programme recorded."""
    check(actor, "view")
    rows = Interview.objects.order_by("held_on", "id").values_list("interviewee", "themes")
    return synthesise_themes([(name, list(themes)) for name, themes in rows])


def challenge_list(*, actor: User) -> list[BusinessChallenge]:
    """Business challenges with their objectives, in two queries."""
    check(actor, "view")
    return list(BusinessChallenge.objects.prefetch_related("objectives"))


@dataclass
class PhaseRow:
    """One phase of the method on the roadmap, with its milestones."""

    key: str
    label: str
    milestones: list[Milestone]

    @property
    def status(self) -> str:
        """``done`` when every milestone is, ``planned`` when none has started."""
        statuses = {m.status for m in self.milestones}
        if not statuses or statuses == {Milestone.Status.PLANNED}:
            return Milestone.Status.PLANNED
        if statuses == {Milestone.Status.DONE}:
            return Milestone.Status.DONE
        return Milestone.Status.IN_PROGRESS


def roadmap(*, actor: User) -> list[PhaseRow]:
    """The method's phases in order, each with its milestones (one query)."""
    check(actor, "view")
    by_phase: dict[str, list[Milestone]] = {key: [] for key in Milestone.Phase.values}
    for milestone in Milestone.objects.select_related("owner"):
        by_phase[milestone.phase].append(milestone)
    return [PhaseRow(key, str(label), by_phase[key]) for key, label in Milestone.Phase.choices]


def review_list(*, actor: User) -> list[SteeringReview]:
    """Steering reviews, newest first, with their counts of validations and open actions."""
    check(actor, "view")
    return list(SteeringReview.objects.prefetch_related("validations", "actions"))


def next_review(*, actor: User, today: dt.date) -> SteeringReview | None:
    """The next planned steering review on or after ``today``."""
    check(actor, "view")
    return (
        SteeringReview.objects.filter(status=SteeringReview.Status.PLANNED, held_on__gte=today)
        .order_by("held_on", "id")
        .first()
    )


def review_queryset(*, actor: User) -> QuerySet[SteeringReview]:
    """Steering reviews, newest first, with their attendees, validations (and the objects named)
    and actions."""
    check(actor, "view")
    return SteeringReview.objects.prefetch_related(
        "attendees",
        Prefetch(
            "validations",
            queryset=PointValidation.objects.select_related(
                "selection_run", "key_account__customer", "decided_by"
            ),
        ),
        Prefetch("actions", queryset=ReviewAction.objects.select_related("owner")),
    )


def review_detail(*, actor: User, review: SteeringReview) -> SteeringReview:
    """A review with its attendees, validations (and the objects named) and actions."""
    return review_queryset(actor=actor).get(pk=review.pk)


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def sponsorship_rows(
    *, actor: User, today: dt.date, key_account: KeyAccount | None = None
) -> list[SponsorshipRow]:
    """The sponsorship plan: every current key account the actor may see, in one query.

    With ``key_account``, only that account's row (if the actor may see it).
    """
    check(actor, "view")
    accounts = KeyAccount.objects.visible_to(actor).current()
    if key_account is not None:
        accounts = accounts.filter(pk=key_account.pk)
    accounts = (
        accounts.select_related("customer", "kam", "sponsor", "sponsorship__counterpart")
        .annotate(last=Max("engagements__held_on"))
        .order_by("customer__name", "id")
    )
    return [_row(account, today) for account in accounts]


def _row(account: KeyAccount, today: dt.date) -> SponsorshipRow:
    details: Sponsorship | None = getattr(account, "sponsorship", None)
    counterpart = details.counterpart if details is not None else None
    cadence = (details.cadence_days if details else None) or cadence_for_tier(account.tier)
    last: dt.date | None = getattr(account, "last", None)
    due = next_due(last, cadence, account.nominated_on) if account.sponsor_id else None
    return SponsorshipRow(
        account_id=str(account.public_id),
        account=account.customer.name,
        tier=account.tier,
        tier_label=str(account.get_tier_display()),
        kam=_name(account.kam),
        sponsor=_name(account.sponsor),
        counterpart=f"{counterpart.name}, {counterpart.title}".strip(", ") if counterpart else "",
        cadence_days=cadence,
        last_engagement=last,
        next_engagement=due,
        overdue=due is not None and due < today,
    )


def executive_names() -> list[str]:
    """Everyone who may sponsor: the executives, by name."""
    users = User.objects.filter(
        memberships__role=Membership.Role.EXECUTIVE, is_active=True
    ).distinct()
    return sorted(_name(u) for u in users)


def sponsor_workload(*, actor: User, rows: list[SponsorshipRow]) -> list[SponsorLoad]:
    """Sponsors' load over the accounts the actor may see, executives without any included."""
    check(actor, "view")
    return workload(rows, executive_names())


def engagement_log(*, actor: User, key_account: KeyAccount) -> list[Engagement]:
    """The sponsor engagements with one key account, newest first."""
    check(actor, "view")
    return list(key_account.engagements.select_related("sponsor"))


def interview_list(*, actor: User) -> QuerySet[Interview]:
    """Every management interview, newest first."""
    check(actor, "view")
    return Interview.objects.all()


def review_action_by_public_id(*, actor: User, public_id: uuid.UUID | str) -> ReviewAction | None:
    """A review action with its review (who may complete it is the service's decision)."""
    check(actor, "view")
    return ReviewAction.objects.select_related("review").filter(public_id=public_id).first()


def milestone_by_public_id(*, actor: User, public_id: uuid.UUID | str | None) -> Milestone | None:
    """A roadmap milestone (``None`` when there is no such milestone or no id)."""
    check(actor, "view")
    if public_id is None:
        return None
    return Milestone.objects.filter(public_id=public_id).first()


def key_account_choices(*, actor: User | AnonymousUser) -> QuerySet[KeyAccount]:
    """The current key accounts the reader may name in a decision."""
    return KeyAccount.objects.visible_to(actor).current().select_related("customer")


def counterpart_choices(*, key_account: KeyAccount) -> QuerySet[Contact]:
    """Contacts in the account's customer group, who may be the sponsor's counterpart."""
    return Contact.objects.filter(
        Q(customer=key_account.customer) | Q(customer__group=key_account.customer)
    )
