"""Assessment campaigns (self, self and manager, or 360 with peers), their raters' answers,
and closing assessments into attained levels and a development plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.casting import selectors
from kamp.casting.models import Assessment, AttainedLevel, Campaign, Rater, Rating
from kamp.casting.permissions import can, visible_to
from kamp.casting.rules import combine_levels
from kamp.casting.services._common import require
from kamp.casting.services.people import plan_make
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from kamp.casting.models import Framework, Person
    from kamp.users.models import User

Kind = Campaign.Kind


@transaction.atomic
def campaign_create(
    *,
    actor: User | None,
    name: str,
    framework: Framework,
    people: Iterable[Person],
    min_raters: int = 3,
    peers: dict[int, list[User]] | None = None,
    kind: str = Kind.FULL,
) -> Campaign:
    """Open a campaign: one assessment per person, rated by themself (every kind), their
    manager (``manager`` and ``360``) and, for ``360`` only, the peers given (``person pk →
    users``); peers' answers show from ``min_raters`` answers on. A campaign without people
    receives imported levels."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of campaign %(kind)s.") % {"kind": kind}})
    if not name.strip():
        raise ValidationError({"name": _("Give the campaign a name.")})
    if min_raters < 1:
        raise ValidationError({"min_raters": _("At least one peer rater.")})
    chosen = list(people)
    if kind != Kind.FULL and any((peers or {}).values()):
        raise ValidationError({"peers": _("Only a 360 campaign has peer raters.")})
    campaign = Campaign.objects.create(
        name=name.strip(), framework=framework, kind=kind, min_raters=min_raters, created_by=actor
    )
    for person in chosen:
        assessment = Assessment.objects.create(campaign=campaign, person=person)
        Rater.objects.create(assessment=assessment, user=person.user, perspective="self")
        if person.manager is not None and kind != Kind.SELF:
            Rater.objects.create(assessment=assessment, user=person.manager, perspective="manager")
        for peer in (peers or {}).get(person.pk, []):
            if peer.pk not in (person.user_id, person.manager_id):
                Rater.objects.get_or_create(
                    assessment=assessment, user=peer, defaults={"perspective": "peer"}
                )
    audit_record(
        actor=actor,
        action="casting.campaign.create",
        obj=campaign,
        changes={"kind": [None, kind], "people": [None, len(chosen)]},
    )
    return campaign


@transaction.atomic
def campaign_close(*, actor: User | None, campaign: Campaign) -> Campaign:
    """Close the campaign: no more answers; each open assessment with answers closes into
    attained levels and a plan (one without any answer stays open, without levels)."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("This campaign is closed already."))
    closed = []
    for assessment in selectors.open_assessments_with_answers(campaign):
        assessment_close(actor=actor, assessment=assessment)
        closed.append(assessment.pk)
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="casting.campaign.close",
        obj=campaign,
        changes={"status": ["open", "closed"], "assessments closed": [None, len(closed)]},
    )
    return campaign


@transaction.atomic
def campaign_open(*, actor: User | None, campaign: Campaign) -> Campaign:
    """Reopen a closed campaign for the answers still missing (closed assessments stay
    closed)."""
    if actor is not None:
        require(allowed=can(actor, "change"))
    if campaign.status == Campaign.Status.OPEN:
        raise ValidationError(_("This campaign is open already."))
    campaign.status = Campaign.Status.OPEN
    campaign.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="casting.campaign.open",
        obj=campaign,
        changes={"status": ["closed", "open"]},
    )
    return campaign


@transaction.atomic
def ratings_submit(
    *, actor: User, assessment: Assessment, levels: dict[str, tuple[int, str]]
) -> Rater:
    """The actor's answers for ``assessment``: competency code → (level, evidence)."""
    rater = Rater.objects.filter(assessment=assessment, user=actor).first()
    if rater is None:
        raise PermissionDenied
    if assessment.closed_at is not None:
        raise ValidationError(_("This assessment is closed."))
    if assessment.campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("This campaign is closed."))
    by_code = {c.code: c for c in assessment.campaign.framework.competencies.all()}
    for code, (level, _evidence) in levels.items():
        if code not in by_code or not 1 <= level <= 5:
            raise ValidationError(_("%(code)s: give a level from 1 to 5.") % {"code": code})
    for code, (level, evidence) in levels.items():
        Rating.objects.update_or_create(
            rater=rater, competency=by_code[code], defaults={"level": level, "evidence": evidence}
        )
    rater.submitted_at = timezone.now()
    rater.save(update_fields=["submitted_at"])
    # Peers are anonymous, in the audit trail too: their answers are recorded without actor.
    audit_record(
        actor=None if rater.perspective == Rater.Perspective.PEER else actor,
        action="casting.assessment.rate",
        obj=assessment,
        changes={"perspective": [None, rater.perspective], "answers": [None, len(levels)]},
    )
    return rater


@transaction.atomic
def assessment_close(
    *, actor: User | None, assessment: Assessment, start: dt.date | None = None
) -> Assessment:
    """Fix the attained levels (manager ×2, self ×1, peers' mean ×1 from the campaign's minimum)
    and make the person's development plan from the gaps against their profile."""
    if actor is not None:
        require(allowed=visible_to(actor, "change").filter(pk=assessment.person_id).exists())
    if assessment.closed_at is not None:
        raise ValidationError(_("This assessment is closed already."))
    views = selectors.ratings_by_perspective(assessment)
    minimum = assessment.campaign.min_raters
    by_code = {c.code: c for c in assessment.campaign.framework.competencies.all()}
    levels = {}
    for code, competency in by_code.items():
        seen = views.get(code, {})
        level = combine_levels(
            next(iter(seen.get("self", [])), None),
            next(iter(seen.get("manager", [])), None),
            seen.get("peer", []),
            minimum,
        )
        if level is not None:
            levels[code] = level
            AttainedLevel.objects.create(assessment=assessment, competency=competency, level=level)
    assessment.closed_at = timezone.now()
    assessment.profile = assessment.person.profile
    assessment.save(update_fields=["closed_at", "profile"])
    audit_record(
        actor=actor, action="casting.assessment.close", obj=assessment, changes={"levels": levels}
    )
    plan_make(actor=actor, person=assessment.person, start=start)
    return assessment
