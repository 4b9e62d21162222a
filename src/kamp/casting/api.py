"""The casting API: frameworks, role profiles, people's gaps and plans, campaigns and ratings,
and the assignment proposal. Same services and ``get_*_for`` as the pages: 404 to whoever may
not see, 403 to whoever may see but not change. Raters are never named."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kamp.casting import selectors, services
from kamp.casting.content import language, localized
from kamp.casting.derive import objective_from_challenges
from kamp.casting.models import Person
from kamp.casting.permissions import (
    can,
    get_assessment_for,
    get_campaign_for,
    get_framework_for,
    get_person_for,
    get_profile_for,
    get_proposal_for,
    visible_to,
)
from kamp.casting.rules import peer_summary
from kamp.casting.schemas import (
    CastingAcceptIn,
    CastingAssessmentOut,
    CastingCampaignIn,
    CastingCampaignOut,
    CastingCampaignPage,
    CastingDeriveIn,
    CastingFrameworkDetailOut,
    CastingFrameworkPage,
    CastingPersonCreateIn,
    CastingPersonDetailOut,
    CastingPersonIn,
    CastingPersonPage,
    CastingPersonSettingsOut,
    CastingProfileIn,
    CastingProfileOut,
    CastingProfilePage,
    CastingProposalOut,
    CastingRatingsIn,
    CastingRatingsOut,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.organisation.selectors import countries_by_codes
from kamp.users.api_auth import request_user
from kamp.users.selectors import user_by_username

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.casting.models import (
        Assessment,
        AssignmentProposal,
        Campaign,
        Framework,
        RoleProfile,
    )
    from kamp.casting.selectors import Casting
    from kamp.users.models import User

router = Router(tags=["casting"])


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not can(user, "view"):
        raise Http404
    return user


def _framework(f: Framework, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.public_id,
        "key": f.key,
        "version": f.version,
        "language": language(),
        "name": localized(f, "name"),
        "description": localized(f, "description"),
        "notes": f.notes,
    }
    if detail:
        out["competencies"] = [
            {
                "code": c.code,
                "name": localized(c, "name"),
                "description": localized(c, "description"),
                "kind": c.kind,
                "importance": c.importance,
                "anchors": localized(c, "anchors"),
                "translations": c.translations,
            }
            for c in selectors.competencies(f)
        ]
    return out


def _profile(p: RoleProfile) -> dict[str, Any]:
    return {
        "id": p.public_id,
        "name": p.name,
        "version": p.version,
        "role": p.role,
        "framework": p.framework.public_id,
        "reason": localized(p, "reason"),
        "requirements": [
            {
                "competency": r.competency.code,
                "level": r.level,
                "weight": r.weight,
                "reason": localized(r, "reason"),
            }
            for r in p.requirements.all()
        ],
    }


def _person(c: Casting) -> dict[str, Any]:
    v = c.verdict
    return {
        "id": c.person.public_id,
        "person": c.person.user.get_username(),
        "profile": c.profile.name if c.profile else None,
        "manager": c.person.manager.get_username() if c.person.manager else None,
        "fit": v.fit if v else None,
        "decision": v.decision if v else None,
        "reason": v.reason if v else None,
        "gaps": [g.as_dict() for g in v.gaps] if v else [],
    }


def _campaign(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "name": c.name,
        "framework": c.framework.public_id,
        "kind": c.kind,
        "status": c.status,
        "min_raters": c.min_raters,
    }


def _proposal(p: AssignmentProposal) -> dict[str, Any]:
    return {
        "id": p.public_id,
        "created_at": p.created_at,
        "continuity": p.continuity,
        "lines": [
            {
                "id": line.pk,
                "account": str(line.key_account),
                "current": line.current.get_username() if line.current else None,
                "proposed": line.proposed.get_username() if line.proposed else None,
                "fit": line.fit,
                "current_fit": line.current_fit,
                "changed": line.changed,
                "met": line.met,
                "missed": line.missed,
                "accepted": line.accepted_at is not None,
            }
            for line in selectors.proposal_lines(p)
        ],
    }


@router.get("/casting/frameworks", response={200: CastingFrameworkPage, **READ_ERRORS})
def list_frameworks(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Every framework version, newest first within a key."""
    _reader(request)
    return paginate(selectors.frameworks(), page, _framework)


@router.get(
    "/casting/frameworks/{framework_id}", response={200: CastingFrameworkDetailOut, **READ_ERRORS}
)
def get_framework(request: HttpRequest, framework_id: uuid.UUID) -> dict[str, Any]:
    """A framework version with its competencies and behaviour anchors."""
    return _framework(get_framework_for(request_user(request), framework_id), detail=True)


@router.get("/casting/profiles", response={200: CastingProfilePage, **READ_ERRORS})
def list_profiles(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Role profiles with their requirements."""
    _reader(request)
    return paginate(selectors.profiles(), page, _profile)


@router.post("/casting/profiles/derive", response={201: CastingProfileOut, **WRITE_ERRORS})
def derive_profile(request: HttpRequest, payload: CastingDeriveIn) -> Status[dict[str, Any]]:
    """Create or replace a profile derived from the programme objective (programme director)."""
    user = request_user(request)
    framework = get_framework_for(user, payload.framework, "change")
    objective = payload.objective or objective_from_challenges(
        selectors.programme_challenge_kinds()
    )
    profile = services.profile_derive(
        actor=user, name=payload.name, role=payload.role, framework=framework, objective=objective
    )
    return Status(201, _profile(selectors.profiles_by_pk(profile.pk)))


@router.get("/casting/people", response={200: CastingPersonPage, **READ_ERRORS})
def list_people(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The people the user sees (own, team, everyone for the director) with fit and decision."""
    user = request_user(request)
    qs = visible_to(user, "view")
    start = page.offset
    castings = selectors.castings(qs[start : start + page.limit])
    return {"count": qs.count(), "items": [_person(c) for c in castings]}


@router.get("/casting/people/{person_id}", response={200: CastingPersonDetailOut, **READ_ERRORS})
def get_person(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    """One person's gaps, decision and development plan."""
    person = get_person_for(request_user(request), person_id)
    casting = selectors.casting_of(selectors.people(Person.objects.filter(pk=person.pk)).get())
    plan = [
        {
            "competency": a.competency.code,
            "title": a.title,
            "starts_on": a.starts_on,
            "due_on": a.due_on,
            "status": a.status,
        }
        for a in person.actions.select_related("competency")
    ]
    return {**_person(casting), "plan": plan}


@router.get("/casting/campaigns", response={200: CastingCampaignPage, **READ_ERRORS})
def list_campaigns(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Assessment campaigns, newest first."""
    _reader(request)
    return paginate(selectors.campaigns(), page, _campaign)


def _assessment(a: Assessment) -> dict[str, Any]:
    found = selectors.ratings_by_perspective(a)
    views = []
    for c in selectors.competencies(a.campaign.framework):
        seen = found.get(c.code, {})
        views.append(
            {
                "competency": c.code,
                "self_level": next(iter(seen.get("self", [])), None),
                "manager_level": next(iter(seen.get("manager", [])), None),
                "peers": peer_summary(seen.get("peer", []), a.campaign.min_raters),
            }
        )
    return {
        "id": a.public_id,
        "campaign": a.campaign.public_id,
        "person": a.person.user.get_username(),
        "closed_at": a.closed_at,
        "levels": {lv.competency.code: lv.level for lv in a.levels.select_related("competency")},
        "views": views,
    }


@router.get(
    "/casting/assessments/{assessment_id}", response={200: CastingAssessmentOut, **WRITE_ERRORS}
)
def get_assessment(request: HttpRequest, assessment_id: uuid.UUID) -> dict[str, Any]:
    """An assessment's views per competency (peers only as an anonymous summary)."""
    return _assessment(get_assessment_for(request_user(request), assessment_id))


@router.post(
    "/casting/assessments/{assessment_id}/ratings",
    response={200: CastingRatingsOut, **WRITE_ERRORS},
)
def rate(
    request: HttpRequest, assessment_id: uuid.UUID, payload: CastingRatingsIn
) -> dict[str, Any]:
    """Send (or change) your answers as one of the assessment's raters."""
    user = request_user(request)
    assessment = get_assessment_for(user, assessment_id, "rate")
    levels = {a.competency: (a.level, a.evidence) for a in payload.answers}
    rater = services.ratings_submit(actor=user, assessment=assessment, levels=levels)
    return {"perspective": rater.perspective, "answers": len(levels)}


@router.post(
    "/casting/assessments/{assessment_id}/close",
    response={200: CastingAssessmentOut, **WRITE_ERRORS},
)
def close(request: HttpRequest, assessment_id: uuid.UUID) -> dict[str, Any]:
    """Close into attained levels and a development plan (the manager or the director)."""
    user = request_user(request)
    assessment = get_assessment_for(user, assessment_id, "change")
    return _assessment(services.assessment_close(actor=user, assessment=assessment))


@router.post("/casting/proposals", response={201: CastingProposalOut, **WRITE_ERRORS})
def create_proposal(request: HttpRequest) -> Status[dict[str, Any]]:
    """Propose who covers each key account (programme director)."""
    user = request_user(request)
    if not can(user, "view"):
        raise Http404
    return Status(201, _proposal(services.proposal_create(actor=user)))


@router.get("/casting/proposals/{proposal_id}", response={200: CastingProposalOut, **READ_ERRORS})
def get_proposal(request: HttpRequest, proposal_id: uuid.UUID) -> dict[str, Any]:
    """A proposal beside the current assignment."""
    return _proposal(get_proposal_for(request_user(request), proposal_id))


@router.post(
    "/casting/proposals/{proposal_id}/accept", response={200: CastingProposalOut, **WRITE_ERRORS}
)
def accept_proposal(
    request: HttpRequest, proposal_id: uuid.UUID, payload: CastingAcceptIn
) -> dict[str, Any]:
    """Accept the whole proposal or the lines given; each change sets the account's KAM."""
    user = request_user(request)
    proposal = get_proposal_for(user, proposal_id, "change")
    services.proposal_accept(actor=user, proposal=proposal, line_ids=payload.lines)
    return _proposal(proposal)


# The director's writes: people, campaigns, profiles line by line.


def _director(request: HttpRequest) -> User:
    """The programme director (404 to whoever does not see casting, 403 to readers)."""
    user = _reader(request)
    if not can(user, "change"):
        raise PermissionDenied
    return user


def _user(name: str, field: str) -> User:
    found = user_by_username(name)
    if found is None:
        raise ValidationError({field: _("No active user %(name)s.") % {"name": name}})
    return found


def _person_fields(user: User, payload: CastingPersonIn, given: set[str]) -> dict[str, Any]:
    """The service's fields from the payload's fields that were sent."""
    fields: dict[str, Any] = {}
    if "manager" in given:
        fields["manager"] = _user(payload.manager, "manager") if payload.manager else None
    if "profile" in given:
        fields["profile"] = get_profile_for(user, payload.profile) if payload.profile else None
    if "countries" in given:
        codes = [c.strip().upper() for c in payload.countries if c.strip()]
        known = {c.code for c in countries_by_codes(codes)}
        wrong = [c for c in codes if c not in known]
        if wrong:
            raise ValidationError(
                {"countries": _("Unknown countries: %(codes)s.") % {"codes": ", ".join(wrong)}}
            )
        fields["countries"] = codes
    if "languages" in given:
        fields["languages"] = [c.strip().lower() for c in payload.languages if c.strip()]
    for key in ("segments", "stages", "capacity"):
        if key in given:
            fields[key] = getattr(payload, key)
    return fields


def _settings(p: Person) -> dict[str, Any]:
    return {
        "id": p.public_id,
        "person": p.user.get_username(),
        "manager": p.manager.get_username() if p.manager else None,
        "profile": p.profile.public_id if p.profile else None,
        "languages": p.languages,
        "countries": p.countries,
        "segments": p.segments,
        "stages": p.stages,
        "capacity": p.capacity,
    }


@router.post("/casting/people", response={201: CastingPersonSettingsOut, **WRITE_ERRORS})
def create_person(request: HttpRequest, payload: CastingPersonCreateIn) -> Status[dict[str, Any]]:
    """Add a user to casting: manager, role profile, languages, countries (director)."""
    user = _director(request)
    fields = _person_fields(user, payload, set(payload.model_fields_set) | {"capacity"})
    who = _user(payload.username, "username")
    return Status(201, _settings(services.person_create(actor=user, user=who, **fields)))


@router.patch(
    "/casting/people/{person_id}", response={200: CastingPersonSettingsOut, **WRITE_ERRORS}
)
def update_person(
    request: HttpRequest, person_id: uuid.UUID, payload: CastingPersonIn
) -> dict[str, Any]:
    """Change what is sent of a person's manager, profile and coverage (director)."""
    user = request_user(request)
    person = get_person_for(user, person_id)
    if not can(user, "change"):
        raise PermissionDenied
    fields = _person_fields(user, payload, set(payload.model_fields_set))
    return _settings(services.person_save(actor=user, user=person.user, **fields))


@router.post("/casting/campaigns", response={201: CastingCampaignOut, **WRITE_ERRORS})
def create_campaign(request: HttpRequest, payload: CastingCampaignIn) -> Status[dict[str, Any]]:
    """Open a campaign of ``self``, ``manager`` (self and manager) or ``360`` (with peers) on a
    framework version (director)."""
    user = _director(request)
    framework = get_framework_for(user, payload.framework)
    found = selectors.people_by_usernames(payload.people)
    missing = [n for n in payload.people if n not in found]
    if missing:
        raise ValidationError(
            {"people": _("Not in casting: %(names)s.") % {"names": ", ".join(missing)}}
        )
    peers: dict[int, list[User]] = {}
    for name, users in payload.peers.items():
        if name not in found:
            raise ValidationError(
                {"peers": _("%(name)s is not among the people assessed.") % {"name": name}}
            )
        peers[found[name].pk] = [_user(u, "peers") for u in users]
    campaign = services.campaign_create(
        actor=user,
        name=payload.name,
        framework=framework,
        kind=payload.kind,
        people=[found[n] for n in dict.fromkeys(payload.people)],
        min_raters=payload.min_raters,
        peers=peers,
    )
    return Status(201, _campaign(campaign))


@router.post(
    "/casting/campaigns/{campaign_id}/close", response={200: CastingCampaignOut, **WRITE_ERRORS}
)
def close_campaign(request: HttpRequest, campaign_id: uuid.UUID) -> dict[str, Any]:
    """Close to answers; assessments with answers close into levels and plans (director)."""
    user = request_user(request)
    campaign = get_campaign_for(user, campaign_id, "change")
    return _campaign(services.campaign_close(actor=user, campaign=campaign))


@router.post(
    "/casting/campaigns/{campaign_id}/open", response={200: CastingCampaignOut, **WRITE_ERRORS}
)
def open_campaign(request: HttpRequest, campaign_id: uuid.UUID) -> dict[str, Any]:
    """Reopen a closed campaign for the missing answers (director)."""
    user = request_user(request)
    campaign = get_campaign_for(user, campaign_id, "change")
    return _campaign(services.campaign_open(actor=user, campaign=campaign))


@router.put("/casting/profiles/{profile_id}", response={200: CastingProfileOut, **WRITE_ERRORS})
def update_profile(
    request: HttpRequest, profile_id: uuid.UUID, payload: CastingProfileIn
) -> dict[str, Any]:
    """Replace the requirements of the newest version of a profile (director); a profile used
    by a closed assessment gets a new version (the answer is that version)."""
    user = request_user(request)
    profile = get_profile_for(user, profile_id, "change")
    requirements = []
    for r in payload.requirements:
        item: dict[str, Any] = {
            "code": r.competency,
            "level": r.level,
            "weight": r.weight,
            "reason": r.reason,
        }
        if r.translations is not None:
            item["translations"] = r.translations
        requirements.append(item)
    texts: dict[str, Any] | None = None
    if payload.translations is not None:
        texts = {lang: dict(values) for lang, values in payload.translations.items()}
    saved = services.profile_update(
        actor=user,
        profile=profile,
        requirements=requirements,
        reason=payload.reason,
        translations=texts,
    )
    return _profile(selectors.profiles_by_pk(saved.pk))
