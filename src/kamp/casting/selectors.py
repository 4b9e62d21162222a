"""Reads for casting: frameworks, profiles, people with their latest closed assessment, the
casting verdicts, the team's gaps, and the programme's objectives (read, not imported from)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from kamp.accounts.models import KeyAccount
from kamp.casting.content import localized
from kamp.casting.models import (
    Assessment,
    AssignmentLine,
    AssignmentProposal,
    AttainedLevel,
    Campaign,
    Competency,
    Framework,
    Person,
    Rater,
    Rating,
    Requirement,
    RoleProfile,
)
from kamp.casting.rules import Requirement as Req
from kamp.casting.rules import Thresholds, Verdict, decide, gaps
from kamp.programme.models import BusinessChallenge

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from kamp.users.models import User


def thresholds() -> Thresholds:
    """The rule's thresholds: ``KAMP_CASTING_THRESHOLDS`` in settings, else the method's."""
    return Thresholds(**getattr(settings, "KAMP_CASTING_THRESHOLDS", {}))


def frameworks() -> QuerySet[Framework]:
    """Every framework version, newest version first within a key, with competency counts."""
    return Framework.objects.annotate(n=Count("competencies")).order_by("key", "-version")


def framework_versions(framework: Framework) -> QuerySet[Framework]:
    """Every version of ``framework``'s key, newest first."""
    return Framework.objects.filter(key=framework.key).order_by("-version")


def latest_proposal() -> AssignmentProposal | None:
    return AssignmentProposal.objects.first()


def raters_waiting(campaign: Campaign, user: User) -> QuerySet[Rater]:
    """The user's rater places in the campaign's open assessments."""
    return Rater.objects.filter(
        assessment__campaign=campaign, user=user, assessment__closed_at__isnull=True
    ).select_related("assessment__person__user")


def all_people() -> QuerySet[Person]:
    """Everyone in casting, by username."""
    return Person.objects.select_related("user", "manager", "profile").order_by("user__username")


def latest_frameworks() -> list[Framework]:
    """The newest version of each framework."""
    seen: dict[str, Framework] = {}
    for f in Framework.objects.order_by("key", "-version"):
        seen.setdefault(f.key, f)
    return list(seen.values())


def competencies(framework: Framework) -> QuerySet[Competency]:
    return framework.competencies.order_by("position", "id")


def profiles() -> QuerySet[RoleProfile]:
    """The newest version of every role profile, with requirements and competencies."""
    newer = RoleProfile.objects.filter(name=OuterRef("name"), version__gt=OuterRef("version"))
    return (
        RoleProfile.objects.filter(~Exists(newer))
        .select_related("framework")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.select_related("competency"))
        )
    )


def profiles_by_pk(pk: int) -> RoleProfile:
    """One profile (any version) with its requirements loaded."""
    return (
        RoleProfile.objects.select_related("framework")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.select_related("competency"))
        )
        .get(pk=pk)
    )


def profile_versions(profile: RoleProfile) -> QuerySet[RoleProfile]:
    """Every version of ``profile``'s name, newest first."""
    return RoleProfile.objects.filter(name=profile.name).order_by("-version")


def profile_is_newest(profile: RoleProfile) -> bool:
    return not RoleProfile.objects.filter(name=profile.name, version__gt=profile.version).exists()


def profile_used(profile: RoleProfile) -> bool:
    """Whether a closed assessment was measured against ``profile`` (editing it makes a new
    version)."""
    return profile.assessments.filter(closed_at__isnull=False).exists()


def requirements(profile: RoleProfile) -> QuerySet[Requirement]:
    return profile.requirements.select_related("competency").order_by("competency__position")


def person_of(user_id: int) -> Person | None:
    """The casting record of a user, if they are in casting."""
    return Person.objects.filter(user_id=user_id).first()


def people_by_usernames(names: list[str]) -> dict[str, Person]:
    """Username → person, for those of ``names`` in casting."""
    found = Person.objects.filter(user__username__in=names).select_related("user", "manager")
    return {p.user.get_username(): p for p in found}


def open_assessments_with_answers(campaign: Campaign) -> QuerySet[Assessment]:
    """The campaign's open assessments that have at least one submitted answer."""
    return campaign.assessments.filter(
        closed_at__isnull=True, raters__submitted_at__isnull=False
    ).distinct()


def campaign_raters(campaign: Campaign) -> dict[str, int]:
    """Perspective → raters asked, over the campaign (no identity)."""
    rows = (
        campaign.assessments.values_list("raters__perspective")
        .annotate(n=Count("raters"))
        .order_by()
    )
    return {str(perspective): n for perspective, n in rows if perspective}


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("framework").annotate(
        people=Count("assessments", distinct=True),
        closed=Count("assessments", filter=Q(assessments__closed_at__isnull=False), distinct=True),
    )


def campaign_assessments(campaign: Campaign, people: QuerySet[Person]) -> QuerySet[Assessment]:
    """The campaign's assessments of ``people`` (those the user sees)."""
    return (
        campaign.assessments.filter(person__in=people)
        .select_related("person__user")
        .annotate(answered=Count("raters", filter=Q(raters__submitted_at__isnull=False)))
    )


def people(qs: QuerySet[Person]) -> QuerySet[Person]:
    """``qs`` with what a casting needs loaded in a constant number of queries."""
    levels = AttainedLevel.objects.select_related("competency")
    closed = (
        Assessment.objects.filter(closed_at__isnull=False)
        .order_by("-closed_at", "-id")
        .prefetch_related(Prefetch("levels", queryset=levels))
    )
    return qs.select_related("user", "manager", "profile").prefetch_related(
        Prefetch(
            "profile__requirements",
            queryset=Requirement.objects.select_related("competency"),
        ),
        Prefetch("assessments", queryset=closed, to_attr="closed_assessments"),
    )


@dataclass(frozen=True)
class Casting:
    person: Person
    profile: RoleProfile | None
    attained: dict[str, int]
    verdict: Verdict | None
    names: dict[str, str]


def attained_levels(person: Person) -> dict[str, int]:
    """Competency code → level from the person's latest closed assessment (loaded by
    :func:`people`); codes survive framework versions."""
    closed: list[Assessment] = getattr(person, "closed_assessments", [])
    if not closed:
        return {}
    return {lv.competency.code: lv.level for lv in closed[0].levels.all()}


def requirements_of(profile: RoleProfile) -> list[Req]:
    return [
        Req(
            competency=r.competency.code,
            required=r.level,
            weight=r.weight,
            critical=r.competency.critical,
            aptitude=r.competency.aptitude,
        )
        for r in profile.requirements.all()
    ]


def casting_of(person: Person, limits: Thresholds | None = None) -> Casting:
    """The person's gaps and decision against their profile (no decision without both)."""
    profile = person.profile
    attained = attained_levels(person)
    verdict = None
    names: dict[str, str] = {}
    if profile is not None:
        names = {
            r.competency.code: localized(r.competency, "name") for r in profile.requirements.all()
        }
        if attained:
            verdict = decide(gaps(requirements_of(profile), attained), limits or thresholds())
    return Casting(person, profile, attained, verdict, names)


def castings(qs: QuerySet[Person], profile_name: str | None = None) -> list[Casting]:
    """The casting of every person of ``qs`` (optionally of one profile), in a fixed number of
    queries."""
    if profile_name:
        qs = qs.filter(profile__name=profile_name)
    limits = thresholds()
    return [casting_of(p, limits) for p in people(qs)]


def ratings_by_perspective(assessment: Assessment) -> dict[str, dict[str, list[int]]]:
    """Competency code → perspective → levels submitted (no rater identity)."""
    found: dict[str, dict[str, list[int]]] = {}
    rows = Rating.objects.filter(
        rater__assessment=assessment, rater__submitted_at__isnull=False
    ).values_list("competency__code", "rater__perspective", "level")
    for code, perspective, level in rows:
        found.setdefault(code, {}).setdefault(perspective, []).append(level)
    return found


def proposal_lines(proposal: AssignmentProposal) -> QuerySet[AssignmentLine]:
    return proposal.lines.select_related("key_account__customer", "current", "proposed")


def programme_challenge_kinds() -> list[str]:
    """The kinds of the programme charter's business challenges (read-only)."""
    return list(BusinessChallenge.objects.values_list("kind", flat=True))


def key_accounts_for_assignment() -> list[dict[str, Any]]:
    """Current key accounts with what they need of a KAM, as plain data."""
    accounts = (
        KeyAccount.objects.current()
        .select_related("customer", "kam", "customer__country")
        .prefetch_related("countries")
        .order_by("customer__name", "id")
    )
    rows = []
    for a in accounts:
        codes = [c.code for c in a.countries.all()]
        if not codes and a.customer.country is not None:
            codes = [a.customer.country.code]
        rows.append(
            {
                "account": a,
                "segment": a.customer.industry,
                "stage": a.relationship_stage,
                "tier": a.tier,
                "countries": codes,
            }
        )
    return rows
