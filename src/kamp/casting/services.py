"""Every write in casting: frameworks (a change makes a new version), role profiles, people,
campaigns, ratings, closing assessments into attained levels and development plans, and
assignment proposals (accepted through the accounts app's ``key_account_update``). Atomic and
audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.services import key_account_update
from kamp.casting import assign, selectors
from kamp.casting.derive import Objective, derive
from kamp.casting.models import (
    Assessment,
    AssignmentLine,
    AssignmentProposal,
    AttainedLevel,
    Campaign,
    Competency,
    DevelopmentAction,
    Framework,
    Person,
    Rater,
    Rating,
    Requirement,
    RoleProfile,
)
from kamp.casting.permissions import can, can_proposals, visible_to
from kamp.casting.presets import preset
from kamp.casting.rules import combine_levels, development_plan, gaps
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from kamp.users.models import User

COMPETENCY_FIELDS = ("name", "description", "kind", "importance", "anchors")


def _require(*, allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_competency(item: dict[str, Any], where: str) -> None:
    missing = [k for k in ("code", "name", "kind", "importance") if not item.get(k)]
    if missing:
        raise ValidationError(
            _("%(where)s: missing %(fields)s.") % {"where": where, "fields": ", ".join(missing)}
        )
    if item["kind"] not in Competency.Kind.values:
        raise ValidationError(_("%(where)s: kind is aptitude or learnable.") % {"where": where})
    if item["importance"] not in Competency.Importance.values:
        raise ValidationError(
            _("%(where)s: importance is critical or preferred.") % {"where": where}
        )
    anchors = item.get("anchors", [])
    if len(anchors) != 5 or not all(isinstance(a, str) and a for a in anchors):
        raise ValidationError(
            _("%(where)s: give five behaviour anchors, one per level.") % {"where": where}
        )


@transaction.atomic
def framework_create(
    *, actor: User | None, key: str, data: dict[str, Any], notes: str = ""
) -> Framework:
    """A new version of framework ``key`` from ``data`` (``name``, ``description``,
    ``competencies``: code, name, description, kind, importance, anchors)."""
    if actor is not None:
        _require(allowed=can(actor, "change"))
    items = data.get("competencies") or []
    if not data.get("name") or not items:
        raise ValidationError(_("A framework needs a name and at least one competency."))
    codes = [str(i.get("code", "")) for i in items]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each competency code appears once."))
    for n, item in enumerate(items, start=1):
        _check_competency(item, _("competency %(n)s") % {"n": n})
    last = Framework.objects.filter(key=key).order_by("-version").first()
    framework = Framework.objects.create(
        key=key,
        version=last.version + 1 if last else 1,
        name=data["name"],
        description=data.get("description", ""),
        notes=notes,
        created_by=actor,
    )
    Competency.objects.bulk_create(
        Competency(
            framework=framework,
            position=n,
            **{"code": i["code"], **{f: i.get(f, "") for f in COMPETENCY_FIELDS}},
        )
        for n, i in enumerate(items)
    )
    audit_record(
        actor=actor,
        action="casting.framework.create",
        obj=framework,
        changes={"version": [None, framework.version], "competencies": [None, codes]},
    )
    return framework


def framework_data(framework: Framework) -> dict[str, Any]:
    """A framework version as the dictionary :func:`framework_create` reads (and TOML)."""
    return {
        "name": framework.name,
        "description": framework.description,
        "competencies": [
            {"code": c.code, **{f: getattr(c, f) for f in COMPETENCY_FIELDS}}
            for c in framework.competencies.order_by("position", "id")
        ],
    }


def framework_install_preset(*, actor: User | None, key: str) -> Framework:
    """Install a shipped preset (or return its newest version if it is installed already)."""
    found = Framework.objects.filter(key=key).order_by("-version").first()
    return found or framework_create(actor=actor, key=key, data=preset(key), notes="preset")


def framework_update_competency(
    *, actor: User, framework: Framework, code: str, notes: str = "", **fields: Any
) -> Framework:
    """Change one competency: makes the next version; older versions and what was assessed on
    them stay as they were."""
    data = framework_data(framework)
    for item in data["competencies"]:
        if item["code"] == code:
            item.update({k: v for k, v in fields.items() if k in COMPETENCY_FIELDS})
            break
    else:
        raise ValidationError(_("No competency %(code)s in this framework.") % {"code": code})
    return framework_create(actor=actor, key=framework.key, data=data, notes=notes)


@transaction.atomic
def profile_save(
    *,
    actor: User | None,
    name: str,
    role: str,
    framework: Framework,
    requirements: Iterable[dict[str, Any]],
    reason: str = "",
) -> RoleProfile:
    """Create or replace the role profile ``name``: ``requirements`` give ``code``, ``level``
    (1–5), ``weight`` (≥ 0) and ``reason``."""
    if actor is not None:
        _require(allowed=can(actor, "change"))
    if role not in RoleProfile.Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    by_code = {c.code: c for c in framework.competencies.all()}
    rows = []
    for item in requirements:
        code, level, weight = item.get("code"), item.get("level"), item.get("weight", 1.0)
        if code not in by_code:
            raise ValidationError(_("No competency %(code)s in the framework.") % {"code": code})
        if not isinstance(level, int) or not 1 <= level <= 5:
            raise ValidationError(_("%(code)s: the level is 1 to 5.") % {"code": code})
        if not isinstance(weight, int | float) or weight < 0:
            raise ValidationError(_("%(code)s: the weight is 0 or more.") % {"code": code})
        rows.append((by_code[code], level, float(weight), str(item.get("reason", ""))))
    profile, created = RoleProfile.objects.update_or_create(
        name=name, defaults={"role": role, "framework": framework, "reason": reason}
    )
    before = {r.competency.code: r.level for r in profile.requirements.select_related("competency")}
    profile.requirements.all().delete()
    Requirement.objects.bulk_create(
        Requirement(profile=profile, competency=c, level=lv, weight=w, reason=why)
        for c, lv, w, why in rows
    )
    after = {c.code: lv for c, lv, _w, _why in rows}
    audit_record(
        actor=actor,
        action="casting.profile.create" if created else "casting.profile.update",
        obj=profile,
        changes={"requirements": [before or None, after]},
    )
    return profile


def profile_derive(
    *, actor: User | None, name: str, role: str, framework: Framework, objective: Objective
) -> RoleProfile:
    """A profile whose levels and weights follow the programme objective (see :mod:`derive`)."""
    pairs = [(c.code, c.critical) for c in framework.competencies.order_by("position")]
    derived = derive(pairs, role, objective)
    return profile_save(
        actor=actor,
        name=name,
        role=role,
        framework=framework,
        requirements=[
            {"code": d.code, "level": d.level, "weight": d.weight, "reason": d.reason}
            for d in derived
        ],
        reason=_("Derived from the programme's %(objective)s objective.")
        % {"objective": objective},
    )


@transaction.atomic
def person_save(*, actor: User | None, user: User, **fields: Any) -> Person:
    """Create or update the casting record of ``user`` (manager, profile, what they cover)."""
    if actor is not None:
        _require(allowed=can(actor, "change"))
    allowed = {"manager", "profile", "segments", "stages", "countries", "languages", "capacity"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if fields.get("manager") is not None and fields["manager"].pk == user.pk:
        raise ValidationError({"manager": _("Nobody is their own manager.")})
    person, created = Person.objects.update_or_create(user=user, defaults=fields)
    person.full_clean()
    audit_record(
        actor=actor,
        action="casting.person.create" if created else "casting.person.update",
        obj=person,
        changes={k: [None, str(v)] for k, v in fields.items()},
    )
    return person


@transaction.atomic
def campaign_create(
    *,
    actor: User | None,
    name: str,
    framework: Framework,
    people: Iterable[Person],
    min_raters: int = 3,
    peers: dict[int, list[User]] | None = None,
) -> Campaign:
    """Open a campaign: one assessment per person, rated by themself and their manager, and by
    the peers given (``person pk → users``) for the 360 view."""
    if actor is not None:
        _require(allowed=can(actor, "change"))
    if min_raters < 1:
        raise ValidationError({"min_raters": _("At least one peer rater.")})
    campaign = Campaign.objects.create(
        name=name, framework=framework, min_raters=min_raters, created_by=actor
    )
    for person in people:
        assessment = Assessment.objects.create(campaign=campaign, person=person)
        Rater.objects.create(assessment=assessment, user=person.user, perspective="self")
        if person.manager is not None:
            Rater.objects.create(assessment=assessment, user=person.manager, perspective="manager")
        for peer in (peers or {}).get(person.pk, []):
            if peer.pk not in (person.user_id, person.manager_id):
                Rater.objects.get_or_create(
                    assessment=assessment, user=peer, defaults={"perspective": "peer"}
                )
    audit_record(actor=actor, action="casting.campaign.create", obj=campaign)
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
        _require(allowed=visible_to(actor, "change").filter(pk=assessment.person_id).exists())
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
    assessment.save(update_fields=["closed_at"])
    audit_record(
        actor=actor, action="casting.assessment.close", obj=assessment, changes={"levels": levels}
    )
    plan_make(actor=actor, person=assessment.person, start=start)
    return assessment


def plan_make(
    *, actor: User | None, person: Person, start: dt.date | None = None
) -> list[DevelopmentAction]:
    """Replace the person's planned actions by one per negative gap of their latest casting."""
    fresh = selectors.people(Person.objects.filter(pk=person.pk)).get()
    casting = selectors.casting_of(fresh)
    DevelopmentAction.objects.filter(person=person, status="planned").delete()
    if casting.profile is None or not casting.attained:
        return []
    found = gaps(selectors.requirements_of(casting.profile), casting.attained)
    by_code = {r.competency.code: r.competency for r in casting.profile.requirements.all()}
    made = [
        DevelopmentAction.objects.create(
            person=person,
            competency=by_code[step.competency],
            title=_("Training: %(name)s from level %(a)s to %(b)s")
            % {"name": by_code[step.competency].name, "a": step.from_level, "b": step.to_level},
            starts_on=step.starts_on,
            due_on=step.due_on,
        )
        for step in development_plan(found, start or timezone.localdate())
    ]
    audit_record(
        actor=actor, action="casting.plan.make", obj=person, changes={"actions": [None, len(made)]}
    )
    return made


def _candidates() -> list[assign.Candidate]:
    found = []
    for c in selectors.castings(Person.objects.filter(capacity__gt=0)):
        p = c.person
        found.append(
            assign.Candidate(
                key=str(p.user_id),
                profile_fit=c.verdict.fit if c.verdict is not None else 0.0,
                segments=frozenset(p.segments),
                stages=frozenset(p.stages),
                countries=frozenset(p.countries),
                languages=frozenset(p.languages),
                capacity=p.capacity,
            )
        )
    return found


@transaction.atomic
def proposal_create(
    *, actor: User | None, continuity: float = assign.DEFAULT_CONTINUITY
) -> AssignmentProposal:
    """Propose who covers each current key account, beside who covers it now."""
    if actor is not None:
        _require(allowed=can_proposals(actor, "change"))
    rows = selectors.key_accounts_for_assignment()
    accounts = [
        assign.Account(
            key=str(r["account"].pk),
            tier=r["tier"],
            segment=r["segment"],
            stage=r["stage"],
            countries=frozenset(r["countries"]),
            current=str(r["account"].kam_id) if r["account"].kam_id else None,
        )
        for r in rows
    ]
    lines = assign.propose(_candidates(), accounts, continuity=continuity)
    proposal = AssignmentProposal.objects.create(created_by=actor, continuity=continuity)
    AssignmentLine.objects.bulk_create(
        AssignmentLine(
            proposal=proposal,
            key_account=r["account"],
            current_id=r["account"].kam_id,
            proposed_id=int(line.proposed) if line.proposed else None,
            fit=line.fit,
            current_fit=line.current_fit,
            met=list(line.met),
            missed=list(line.missed),
        )
        for r, line in zip(rows, lines, strict=True)
    )
    audit_record(
        actor=actor,
        action="casting.proposal.create",
        obj=proposal,
        changes={"changes": [None, sum(1 for line in lines if line.changed)]},
    )
    return proposal


@transaction.atomic
def proposal_accept(
    *, actor: User, proposal: AssignmentProposal, line_ids: Iterable[int] | None = None
) -> list[AssignmentLine]:
    """Accept the whole proposal, or the lines given: each changed account gets its proposed
    KAM through :func:`kamp.accounts.services.key_account_update` (audited there too)."""
    _require(allowed=can_proposals(actor, "change"))
    lines = selectors.proposal_lines(proposal).filter(accepted_at__isnull=True)
    if line_ids is not None:
        wanted = set(line_ids)
        lines = lines.filter(pk__in=wanted)
        if lines.count() != len(wanted):
            raise ValidationError(_("Some lines are not open lines of this proposal."))
    accepted = []
    now = timezone.now()
    for line in lines:
        if line.changed and line.proposed is not None:
            key_account_update(actor=actor, key_account=line.key_account, kam=line.proposed)
        line.accepted_at = now
        line.save(update_fields=["accepted_at"])
        accepted.append(line)
    audit_record(
        actor=actor,
        action="casting.proposal.accept",
        obj=proposal,
        changes={"lines": [None, [line.pk for line in accepted]]},
    )
    return accepted
