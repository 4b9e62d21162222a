"""The casting API: frameworks, role profiles, people's gaps and plans, campaigns and ratings,
and the assignment proposal. Same services and ``get_*_for`` as the pages: 404 to whoever may
not see, 403 to whoever may see but not change. Raters are never named."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.http import Http404
from ninja import Query, Router, Status

from kamp.casting import selectors, services
from kamp.casting.derive import objective_from_challenges
from kamp.casting.models import Person
from kamp.casting.permissions import (
    can,
    get_assessment_for,
    get_framework_for,
    get_person_for,
    get_proposal_for,
    visible_to,
)
from kamp.casting.rules import peer_summary
from kamp.casting.schemas import (
    CastingAcceptIn,
    CastingAssessmentOut,
    CastingCampaignPage,
    CastingDeriveIn,
    CastingFrameworkDetailOut,
    CastingFrameworkPage,
    CastingPersonDetailOut,
    CastingPersonPage,
    CastingProfileOut,
    CastingProfilePage,
    CastingProposalOut,
    CastingRatingsIn,
    CastingRatingsOut,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.users.api_auth import request_user

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
        "name": f.name,
        "description": f.description,
        "notes": f.notes,
    }
    if detail:
        out["competencies"] = services.framework_data(f)["competencies"]
    return out


def _profile(p: RoleProfile) -> dict[str, Any]:
    return {
        "id": p.public_id,
        "name": p.name,
        "role": p.role,
        "framework": p.framework.public_id,
        "reason": p.reason,
        "requirements": [
            {
                "competency": r.competency.code,
                "level": r.level,
                "weight": r.weight,
                "reason": r.reason,
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
    return Status(201, _profile(selectors.profiles().get(pk=profile.pk)))


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
