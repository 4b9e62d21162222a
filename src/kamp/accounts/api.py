"""API endpoints for key accounts: list, read, and assign KAM, tier and status."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kamp.accounts import selectors, services
from kamp.accounts.models import (
    SECTION_FIELDS,
    AccountPlan,
    InitiativeAction,
    KeyAccount,
    Milestone,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
    TeamMember,
)
from kamp.accounts.permissions import (
    get_action_for,
    get_initiative_for,
    get_key_account_for,
    get_plan_for,
    get_resource_request_for,
    get_stakeholder_for,
)
from kamp.accounts.schemas import (
    InitiativeActionFilterIn,
    InitiativeActionIn,
    InitiativeActionOut,
    InitiativeActionPage,
    InitiativeActionPatchIn,
    InitiativeCommentIn,
    InitiativeDetailOut,
    InitiativeFilterIn,
    InitiativeIn,
    InitiativeMilestoneIn,
    InitiativeMilestoneOut,
    InitiativeMilestonePatchIn,
    InitiativePage,
    InitiativePatchIn,
    InitiativeTransitionIn,
    KeyAccountFilterIn,
    KeyAccountOut,
    KeyAccountPage,
    KeyAccountPatchIn,
    KeyAccountProfileIn,
    PlanCreateIn,
    PlanDetailOut,
    PlanPage,
    PlanPatchIn,
    PlanRevisionOut,
    ProfitTargetsIn,
    RaciIn,
    ResourceAlignmentOut,
    ResourceAnswerIn,
    ResourceRequestFilterIn,
    ResourceRequestIn,
    ResourceRequestOut,
    ResourceRequestPage,
    StageChangeOut,
    StakeholderIn,
    StakeholderMapOut,
    StakeholderOut,
    StakeholderPatchIn,
    TeamMemberIn,
    TeamMemberOut,
    TeamOut,
    WhiteSpaceFilterIn,
    WhiteSpaceMarkIn,
    WhiteSpaceOut,
)
from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.customers.models import Contact, Customer
from kamp.organisation.models import BusinessUnit, Country, ProductLine
from kamp.users.api_auth import request_user
from kamp.users.models import User

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.accounts.whitespace import Cell as WhiteSpaceCellData
    from kamp.accounts.whitespace import Totals

router = Router(tags=["key accounts"])
LIST_ERRORS = {401: READ_ERRORS[401], 422: READ_ERRORS[422]}


def _item(a: KeyAccount) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "customer": {
            "id": a.customer.public_id,
            "customer_id": a.customer.source_id,
            "name": a.customer.name,
        },
        "kam": a.kam.get_username() if a.kam else None,
        "tier": a.tier,
        "status": a.status,
        "nominated_from": a.nominated_from.public_id if a.nominated_from else None,
        "nominated_on": a.nominated_on,
        "status_changed_on": a.status_changed_on,
        "exited_on": a.exited_on,
        "sponsor": a.sponsor.get_username() if a.sponsor else None,
        "relationship_stage": a.relationship_stage,
        "target_stage": a.target_stage,
        "stage_changed_on": a.stage_changed_on,
        "countries": sorted(c.code for c in a.countries.all()),
        "business_units": sorted(u.code for u in a.business_units.all()),
        "version": a.version,
    }


@router.get("/key-accounts", response={200: KeyAccountPage, **LIST_ERRORS})
def list_key_accounts(
    request: HttpRequest, filters: Query[KeyAccountFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Key accounts whose group you may see."""
    qs = (
        KeyAccount.objects.visible_to(request_user(request))
        .select_related("customer", "kam", "sponsor", "nominated_from")
        .prefetch_related("countries", "business_units")
    )
    qs = qs.filter(status=filters.status) if filters.status else qs.current()
    return paginate(qs, page, _item)


@router.get("/key-accounts/{key_account_id}", response={200: KeyAccountOut, **READ_ERRORS})
def get_key_account(request: HttpRequest, key_account_id: uuid.UUID) -> dict[str, Any]:
    """One key account."""
    return _item(get_key_account_for(request_user(request), key_account_id))


@router.patch("/key-accounts/{key_account_id}", response={200: KeyAccountOut, **WRITE_ERRORS})
def update_key_account(
    request: HttpRequest, key_account_id: uuid.UUID, payload: KeyAccountPatchIn
) -> dict[str, Any]:
    """Assign the KAM, change the tier, move the status along (programme director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "change")
    fields = payload.model_dump(exclude_unset=True)
    for role in ("kam", "sponsor"):
        if fields.get(role) is not None:
            person = User.objects.filter(username=fields[role]).first()
            if person is None:
                raise ValidationError({role: _("No such user.")})
            fields[role] = person
    return _item(services.key_account_update(actor=user, key_account=account, **fields))


@router.put("/key-accounts/{key_account_id}/profile", response={200: KeyAccountOut, **WRITE_ERRORS})
def update_key_account_profile(
    request: HttpRequest, key_account_id: uuid.UUID, payload: KeyAccountProfileIn
) -> dict[str, Any]:
    """Set the relationship stage (current, target) and the scope (the account's KAM, director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    countries = list(Country.objects.filter(code__in=payload.countries))
    units = list(BusinessUnit.objects.filter(code__in=payload.business_units))
    missing = set(payload.countries) - {c.code for c in countries}
    missing |= set(payload.business_units) - {u.code for u in units}
    if missing:
        raise ValidationError(_("Unknown codes: %(codes)s") % {"codes": ", ".join(sorted(missing))})
    services.key_account_update_profile(
        actor=user,
        key_account=account,
        version=payload.version,
        relationship_stage=payload.relationship_stage,
        target_stage=payload.target_stage,
        countries=countries,
        business_units=units,
    )
    return _item(get_key_account_for(user, key_account_id))


def _login(user: User | None) -> str | None:
    return user.get_username() if user else None


def _user(login: str | None, field: str) -> User | None:
    if login is None:
        return None
    found = User.objects.filter(username=login, is_active=True).first()
    if found is None:
        raise ValidationError({field: _("No such user.")})
    return found


def _initiative_item(i: StrategicInitiative) -> dict[str, Any]:
    return {
        "id": i.public_id,
        "key_account": i.key_account.public_id,
        "title": i.title,
        "objective": i.objective,
        "expected_value": i.expected_value,
        "investment": i.investment,
        "owner": _login(i.owner),
        "status": i.status,
        "version": i.version,
        "created_at": i.created_at,
    }


def _action_item(a: InitiativeAction) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "initiative": a.initiative.public_id,
        "title": a.title,
        "owner": _login(a.owner),
        "due_on": a.due_on,
        "status": a.status,
        "overdue": a.is_overdue(timezone.localdate()),
        "version": a.version,
    }


def _initiative_detail(user: User, initiative_id: uuid.UUID) -> dict[str, Any]:
    i = get_initiative_for(user, initiative_id)
    return {
        **_initiative_item(i),
        "history": [
            {
                "by": _login(e.actor),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "comment": e.comment,
                "at": e.at,
            }
            for e in i.events.select_related("actor")
        ],
        "milestones": [
            {"id": m.public_id, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in i.milestones.all()
        ],
        "actions": [_action_item(a) for a in i.actions.select_related("initiative", "owner")],
    }


def _people(fields: dict[str, Any]) -> dict[str, Any]:
    if "owner" in fields:
        fields["owner"] = _user(fields["owner"], "owner")
    return fields


@router.get(
    "/key-accounts/{key_account_id}/initiatives",
    response={200: InitiativePage, **READ_ERRORS},
)
def list_initiatives(
    request: HttpRequest, key_account_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """The strategic initiatives of a key account."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id)
    qs = account.initiatives.select_related("key_account", "owner")
    return paginate(qs, page, _initiative_item)


@router.post(
    "/key-accounts/{key_account_id}/initiatives",
    response={201: InitiativeDetailOut, **WRITE_ERRORS},
)
def create_initiative(
    request: HttpRequest, key_account_id: uuid.UUID, payload: InitiativeIn
) -> Status[dict[str, Any]]:
    """Draft an initiative (the account's KAM, or the programme director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    fields = _people(payload.model_dump())
    created = services.initiative_create(actor=user, key_account=account, **fields)
    return Status(201, _initiative_detail(user, created.public_id))


@router.get("/initiatives/{initiative_id}", response={200: InitiativeDetailOut, **READ_ERRORS})
def get_initiative(request: HttpRequest, initiative_id: uuid.UUID) -> dict[str, Any]:
    """One initiative with its history, milestones and actions."""
    return _initiative_detail(request_user(request), initiative_id)


@router.patch("/initiatives/{initiative_id}", response={200: InitiativeDetailOut, **WRITE_ERRORS})
def update_initiative(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativePatchIn
) -> dict[str, Any]:
    """Change a draft (or an initiative sent back for changes); send the version you read."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    fields = _people(payload.model_dump(exclude_unset=True))
    version = fields.pop("version")
    services.initiative_update(actor=user, initiative=initiative, version=version, **fields)
    return _initiative_detail(user, initiative_id)


@router.post(
    "/initiatives/{initiative_id}/transitions",
    response={200: InitiativeDetailOut, **WRITE_ERRORS},
)
def transition_initiative(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeTransitionIn
) -> dict[str, Any]:
    """Submit (KAM, owner) or decide: validate, reject, ask for changes (sponsor, committee)."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id)
    services.initiative_transition(actor=user, initiative=initiative, **payload.model_dump())
    return _initiative_detail(user, initiative_id)


@router.post(
    "/initiatives/{initiative_id}/comments",
    response={201: InitiativeDetailOut, **WRITE_ERRORS},
)
def comment_initiative(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeCommentIn
) -> Status[dict[str, Any]]:
    """Add a comment to the initiative's history."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id)
    services.initiative_comment(actor=user, initiative=initiative, comment=payload.comment)
    return Status(201, _initiative_detail(user, initiative_id))


@router.post(
    "/initiatives/{initiative_id}/milestones",
    response={201: InitiativeDetailOut, **WRITE_ERRORS},
)
def add_milestone(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeMilestoneIn
) -> Status[dict[str, Any]]:
    """Add a milestone."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    services.milestone_add(actor=user, initiative=initiative, **payload.model_dump())
    return Status(201, _initiative_detail(user, initiative_id))


@router.patch("/milestones/{milestone_id}", response={200: InitiativeMilestoneOut, **WRITE_ERRORS})
def update_milestone(
    request: HttpRequest, milestone_id: uuid.UUID, payload: InitiativeMilestonePatchIn
) -> dict[str, Any]:
    """Mark a milestone reached (today) or not."""
    user = request_user(request)
    visible = Milestone.objects.filter(
        initiative__in=StrategicInitiative.objects.visible_to(user)
    ).select_related("initiative__key_account")
    milestone = visible.filter(public_id=milestone_id).first()
    if milestone is None:
        raise Http404
    m = services.milestone_set_done(actor=user, milestone=milestone, done=payload.done)
    return {"id": m.public_id, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}


@router.post(
    "/initiatives/{initiative_id}/actions", response={201: InitiativeActionOut, **WRITE_ERRORS}
)
def add_action(
    request: HttpRequest, initiative_id: uuid.UUID, payload: InitiativeActionIn
) -> Status[dict[str, Any]]:
    """Add an action (owner, due date, status)."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    fields = _people(payload.model_dump())
    return Status(
        201, _action_item(services.action_add(actor=user, initiative=initiative, **fields))
    )


@router.get("/initiative-actions", response={200: InitiativeActionPage, **LIST_ERRORS})
def list_actions(
    request: HttpRequest, filters: Query[InitiativeActionFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Actions you follow up: all for the director, your accounts' for a KAM, else your own."""
    user = request_user(request)
    qs = InitiativeAction.objects.visible_to(user).for_follow_up(user)
    if filters.overdue:
        qs = qs.overdue(timezone.localdate())
    return paginate(qs.select_related("initiative", "owner"), page, _action_item)


@router.patch(
    "/initiative-actions/{action_id}", response={200: InitiativeActionOut, **WRITE_ERRORS}
)
def update_action(
    request: HttpRequest, action_id: uuid.UUID, payload: InitiativeActionPatchIn
) -> dict[str, Any]:
    """Change an action; its owner may move its status. Send the version you read."""
    user = request_user(request)
    action = get_action_for(user, action_id)
    fields = _people(payload.model_dump(exclude_unset=True))
    version = fields.pop("version")
    return _action_item(
        services.action_update(actor=user, action=action, version=version, **fields)
    )


def _plan_item(p: AccountPlan, *, line_count: int | None = None) -> dict[str, Any]:
    lines = line_count if line_count is not None else getattr(p, "line_count", 0)
    return {
        "id": p.public_id,
        "key_account": p.key_account.public_id,
        "year": p.year,
        "version": p.version,
        "completeness": p.completeness(has_profit_plan=bool(lines)),
        "last_review_on": p.last_review_on,
        "next_review_on": p.next_review_on,
        "copied_from": p.copied_from.public_id if p.copied_from else None,
    }


def _plan_detail(user: User, plan_id: uuid.UUID) -> dict[str, Any]:
    plan = get_plan_for(user, plan_id)
    lines = list(plan.lines.select_related("product_line"))
    return {
        **_plan_item(plan, line_count=len(lines)),
        "sections": plan.sections(),
        "profit_plan": [
            {
                "product_line": line.product_line.code,
                "product_line_name": line.product_line.name,
                "current_revenue": line.current_revenue,
                "current_margin": line.current_margin,
                "target_revenue": line.target_revenue,
                "target_margin": line.target_margin,
            }
            for line in lines
        ],
    }


@router.get("/key-accounts/{key_account_id}/plans", response={200: PlanPage, **READ_ERRORS})
def list_plans(
    request: HttpRequest, key_account_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """The account's plans, newest year first, with their completeness."""
    account = get_key_account_for(request_user(request), key_account_id)
    qs = account.plans.select_related("key_account", "copied_from").annotate(
        line_count=Count("lines")
    )
    return paginate(qs, page, _plan_item)


@router.post("/key-accounts/{key_account_id}/plans", response={201: PlanDetailOut, **WRITE_ERRORS})
def create_plan(
    request: HttpRequest, key_account_id: uuid.UUID, payload: PlanCreateIn
) -> Status[dict[str, Any]]:
    """Start the plan of a year; its profit plan is filled from the year before's sales."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    plan = services.plan_create(actor=user, key_account=account, year=payload.year)
    return Status(201, _plan_detail(user, plan.public_id))


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **READ_ERRORS})
def get_plan(request: HttpRequest, plan_id: uuid.UUID) -> dict[str, Any]:
    """One plan: sections, profit plan, completeness."""
    return _plan_detail(request_user(request), plan_id)


@router.patch("/plans/{plan_id}", response={200: PlanDetailOut, **WRITE_ERRORS})
def update_plan(request: HttpRequest, plan_id: uuid.UUID, payload: PlanPatchIn) -> dict[str, Any]:
    """Change sections or review dates (a new revision is kept); send the version you read."""
    user = request_user(request)
    plan = get_plan_for(user, plan_id, "manage")
    unknown = set(payload.sections) - set(SECTION_FIELDS)
    if unknown:
        raise ValidationError(
            {"sections": _("Unknown sections: %(names)s") % {"names": ", ".join(sorted(unknown))}}
        )
    fields: dict[str, Any] = dict(payload.sections)
    fields.update(
        payload.model_dump(exclude_unset=True, include={"last_review_on", "next_review_on"})
    )
    services.plan_update(actor=user, plan=plan, version=payload.version, **fields)
    return _plan_detail(user, plan_id)


@router.put("/plans/{plan_id}/targets", response={200: PlanDetailOut, **WRITE_ERRORS})
def set_plan_targets(
    request: HttpRequest, plan_id: uuid.UUID, payload: ProfitTargetsIn
) -> dict[str, Any]:
    """Set target revenue and margin by product line code."""
    user = request_user(request)
    plan = get_plan_for(user, plan_id, "manage")
    codes = {line.product_line for line in payload.lines}
    known = dict(ProductLine.objects.filter(code__in=codes).values_list("code", "pk"))
    if codes - set(known):
        raise ValidationError(
            _("Unknown product lines: %(codes)s") % {"codes": ", ".join(sorted(codes - set(known)))}
        )
    targets = {
        known[line.product_line]: (
            Decimal(str(line.target_revenue)),
            Decimal(str(line.target_margin)),
        )
        for line in payload.lines
    }
    services.plan_set_targets(actor=user, plan=plan, version=payload.version, targets=targets)
    return _plan_detail(user, plan_id)


@router.post("/plans/{plan_id}/copy", response={201: PlanDetailOut, **WRITE_ERRORS})
def copy_plan(request: HttpRequest, plan_id: uuid.UUID) -> Status[dict[str, Any]]:
    """Copy the plan into the next year (sections, targets; current figures from the data)."""
    user = request_user(request)
    copy = services.plan_copy(actor=user, plan=get_plan_for(user, plan_id, "manage"))
    return Status(201, _plan_detail(user, copy.public_id))


def _request_item(r: ResourceRequest) -> dict[str, Any]:
    return {
        "id": r.public_id,
        "initiative": r.initiative.public_id,
        "key_account": r.initiative.key_account.public_id,
        "business_unit": r.business_unit.code,
        "kind": r.kind,
        "amount": r.amount,
        "period": r.period,
        "description": r.description,
        "status": r.status,
        "committed_amount": r.committed_amount,
        "answer_comment": r.answer_comment,
        "answered_by": _login(r.answered_by),
        "created_at": r.created_at,
        "version": r.version,
    }


REQUEST_RELATED = ("business_unit", "initiative__key_account", "answered_by")


@router.get(
    "/initiatives/{initiative_id}/resource-requests",
    response={200: ResourceRequestPage, **READ_ERRORS},
)
def list_initiative_requests(
    request: HttpRequest, initiative_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """What the initiative asked of the profit centres, and their answers."""
    initiative = get_initiative_for(request_user(request), initiative_id)
    qs = initiative.resource_requests.select_related(*REQUEST_RELATED)
    return paginate(qs, page, _request_item)


@router.post(
    "/initiatives/{initiative_id}/resource-requests",
    response={201: ResourceRequestOut, **WRITE_ERRORS},
)
def create_resource_request(
    request: HttpRequest, initiative_id: uuid.UUID, payload: ResourceRequestIn
) -> Status[dict[str, Any]]:
    """Ask a profit centre for people-days, budget or something else."""
    user = request_user(request)
    initiative = get_initiative_for(user, initiative_id, "change")
    unit = BusinessUnit.objects.filter(code=payload.business_unit).first()
    if unit is None:
        raise ValidationError({"business_unit": _("No such business unit.")})
    fields = payload.model_dump(exclude={"business_unit"})
    fields["amount"] = Decimal(str(fields["amount"]))
    created = services.resource_request_create(
        actor=user, initiative=initiative, business_unit=unit, **fields
    )
    return Status(201, _request_item(created))


@router.get("/resource-requests", response={200: ResourceRequestPage, **LIST_ERRORS})
def list_resource_requests(
    request: HttpRequest, filters: Query[ResourceRequestFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Requests you may see; ``to_answer``: your inbox, waiting longest first."""
    user = request_user(request)
    qs = ResourceRequest.objects.visible_to(user)
    if filters.to_answer:
        qs = qs.to_answer_by(user)
    return paginate(qs.select_related(*REQUEST_RELATED), page, _request_item)


@router.post(
    "/resource-requests/{request_id}/answer",
    response={200: ResourceRequestOut, **WRITE_ERRORS},
)
def answer_resource_request(
    request: HttpRequest, request_id: uuid.UUID, payload: ResourceAnswerIn
) -> dict[str, Any]:
    """Commit, partly commit or decline (the director of the profit centre asked)."""
    user = request_user(request)
    found = get_resource_request_for(user, request_id, "answer")
    amount = payload.committed_amount
    services.resource_request_answer(
        actor=user,
        request=found,
        version=payload.version,
        decision=payload.decision,
        committed_amount=Decimal(str(amount)) if amount is not None else None,
        comment=payload.comment,
    )
    return _request_item(get_resource_request_for(user, request_id))


def _alignment_rows(rows: list[dict[str, Any]], key: str, name: str) -> list[dict[str, Any]]:
    return [
        {
            "key": str(r[key]),
            "name": r[name],
            "kind": r["kind"],
            "asked": r["asked"],
            "committed": r["committed"],
            "gap": r["gap"],
            "pending": r["pending"],
            "declined": r["declined"],
        }
        for r in rows
    ]


@router.get("/resource-alignment", response={200: ResourceAlignmentOut, **LIST_ERRORS})
def get_resource_alignment(request: HttpRequest) -> dict[str, Any]:
    """Asked vs committed per profit centre and per key account, and what waits longest."""
    data = selectors.resource_alignment(request_user(request))
    return {
        "by_unit": _alignment_rows(data["by_unit"], "business_unit__code", "business_unit__name"),
        "by_account": _alignment_rows(
            data["by_account"],
            "initiative__key_account__public_id",
            "initiative__key_account__customer__name",
        ),
        "waiting": [_request_item(r) for r in data["waiting"]],
    }


def _stakeholder_item(s: Stakeholder) -> dict[str, Any]:
    return {
        "id": s.public_id,
        "contact": s.contact.public_id,
        "name": s.contact.name,
        "title": s.contact.title,
        "reports_to": s.contact.reports_to.public_id if s.contact.reports_to else None,
        "buying_role": s.buying_role,
        "decision_role": s.decision_role,
        "influence": s.influence,
        "attitude": s.attitude,
        "coverage": s.coverage,
        "political_status": s.political_status,
        "owner": _login(s.owner),
        "last_met_on": s.last_met_on,
        "notes": s.notes,
        "version": s.version,
    }


@router.get(
    "/key-accounts/{key_account_id}/stakeholder-map",
    response={200: StakeholderMapOut, **READ_ERRORS},
)
def get_stakeholder_map(request: HttpRequest, key_account_id: uuid.UUID) -> dict[str, Any]:
    """The account's stakeholders and the red flags of the map."""
    account = get_key_account_for(request_user(request), key_account_id)
    data = selectors.stakeholder_map(account, timezone.localdate())
    return {
        "stakeholders": [_stakeholder_item(s) for s in data["stakeholders"]],
        "red_flags": [
            {"code": f.code, "message": f.message, "person": f.person} for f in data["red_flags"]
        ],
    }


@router.post(
    "/key-accounts/{key_account_id}/stakeholders",
    response={201: StakeholderOut, **WRITE_ERRORS},
)
def add_stakeholder(
    request: HttpRequest, key_account_id: uuid.UUID, payload: StakeholderIn
) -> Status[dict[str, Any]]:
    """Put a contact of the group on the map (the account's KAM, the director)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    contact = Contact.objects.visible_to(user).filter(public_id=payload.contact).first()
    if contact is None:
        raise ValidationError({"contact": _("No such contact.")})
    fields = _people(payload.model_dump(exclude_unset=True, exclude={"contact"}))
    created = services.stakeholder_add(actor=user, key_account=account, contact=contact, **fields)
    return Status(201, _stakeholder_item(created))


@router.patch("/stakeholders/{stakeholder_id}", response={200: StakeholderOut, **WRITE_ERRORS})
def update_stakeholder(
    request: HttpRequest, stakeholder_id: uuid.UUID, payload: StakeholderPatchIn
) -> dict[str, Any]:
    """Update a stakeholder (the KAM; the relationship's owner, all but the owner)."""
    user = request_user(request)
    stakeholder = get_stakeholder_for(user, stakeholder_id, "change")
    fields = _people(payload.model_dump(exclude_unset=True))
    version = fields.pop("version")
    updated = services.stakeholder_update(
        actor=user, stakeholder=stakeholder, version=version, **fields
    )
    return _stakeholder_item(updated)


def _ws_cell(c: WhiteSpaceCellData) -> dict[str, Any]:
    return {
        "row": c.row,
        "product_line": c.column,
        "status": c.status,
        "revenue": c.revenue,
        "wallet_estimate": c.wallet,
        "share_of_wallet": c.share_of_wallet,
        "gap": c.gap,
        "competitor": c.competitor,
    }


def _ws_total(key: str, t: Totals) -> dict[str, Any]:
    return {"key": key, "revenue": t.revenue, "wallet": t.wallet, "gap": t.gap}


def _white_space(account: KeyAccount, by: selectors.WhiteSpaceBy) -> dict[str, Any]:
    matrix = selectors.white_space(account, by)["matrix"]
    return {
        "by": by,
        "cells": [_ws_cell(c) for c in matrix.cells.values()],
        "rows": [_ws_total(k, t) for k, t in matrix.row_totals.items()],
        "columns": [_ws_total(k, t) for k, t in matrix.column_totals.items()],
        "total": _ws_total("", matrix.total),
        "biggest_gaps": [_ws_cell(c) for c in matrix.biggest_gaps],
    }


@router.get(
    "/key-accounts/{key_account_id}/white-space", response={200: WhiteSpaceOut, **READ_ERRORS}
)
def get_white_space(
    request: HttpRequest, key_account_id: uuid.UUID, filters: Query[WhiteSpaceFilterIn]
) -> dict[str, Any]:
    """Countries (or divisions) x product lines: sold, open, white space, competitor-held;
    totals and the biggest gaps."""
    account = get_key_account_for(request_user(request), key_account_id)
    return _white_space(account, filters.by)


@router.put(
    "/key-accounts/{key_account_id}/white-space/cells",
    response={200: WhiteSpaceOut, **WRITE_ERRORS},
)
def mark_white_space(
    request: HttpRequest, key_account_id: uuid.UUID, payload: WhiteSpaceMarkIn
) -> dict[str, Any]:
    """Mark one cell of a country or a division: status, wallet estimate, competitor."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    country = Country.objects.filter(code=payload.country).first() if payload.country else None
    division = (
        Customer.objects.filter(source_id=payload.division).first() if payload.division else None
    )
    line = ProductLine.objects.filter(code=payload.product_line).first()
    if (
        line is None
        or (payload.country and country is None)
        or (payload.division and division is None)
    ):
        raise ValidationError(_("Unknown country, division or product line."))
    wallet = payload.wallet_estimate
    services.white_space_mark(
        actor=user,
        key_account=account,
        country=country,
        division=division,
        product_line=line,
        status=payload.status,
        wallet_estimate=Decimal(str(wallet)) if wallet is not None else None,
        competitor=payload.competitor,
    )
    return _white_space(account, "division" if division else "country")


def _member_item(m: TeamMember) -> dict[str, Any]:
    return {
        "id": m.public_id,
        "user": _login(m.user),
        "name": m.display_name,
        "role": m.role,
        "allocation": m.allocation,
    }


def _team(account: KeyAccount) -> dict[str, Any]:
    chart = selectors.raci_chart(account)
    return {
        "members": [_member_item(m) for m in chart["members"]],
        "raci": [
            {
                "initiative": i.public_id,
                "title": i.title,
                "parts": {str(m.public_id): letter for m, letter in cells if letter},
            }
            for i, cells in chart["grid"]
        ],
    }


@router.get("/key-accounts/{key_account_id}/team", response={200: TeamOut, **READ_ERRORS})
def get_team(request: HttpRequest, key_account_id: uuid.UUID) -> dict[str, Any]:
    """The account team (roles, time allocation) and its RACI chart over the initiatives."""
    return _team(get_key_account_for(request_user(request), key_account_id))


@router.post("/key-accounts/{key_account_id}/team", response={201: TeamMemberOut, **WRITE_ERRORS})
def add_team_member(
    request: HttpRequest, key_account_id: uuid.UUID, payload: TeamMemberIn
) -> Status[dict[str, Any]]:
    """Add a user, or a person without a login, to the team (the account's KAM)."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    fields = payload.model_dump()
    fields["user"] = _user(fields["user"], "user")
    member = services.team_member_add(actor=user, key_account=account, **fields)
    return Status(201, _member_item(member))


@router.put("/key-accounts/{key_account_id}/raci", response={200: TeamOut, **WRITE_ERRORS})
def set_raci(request: HttpRequest, key_account_id: uuid.UUID, payload: RaciIn) -> dict[str, Any]:
    """Set (or clear) one member's part in one initiative."""
    user = request_user(request)
    account = get_key_account_for(user, key_account_id, "manage")
    initiative = account.initiatives.filter(public_id=payload.initiative).first()
    member = account.team.filter(public_id=payload.member).first()
    if initiative is None or member is None:
        raise ValidationError(_("Unknown initiative or team member of this account."))
    services.raci_set(actor=user, initiative=initiative, member=member, letter=payload.letter)
    return _team(account)


@router.get("/initiatives", response={200: InitiativePage, **LIST_ERRORS})
def list_all_initiatives(
    request: HttpRequest, filters: Query[InitiativeFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Initiatives of the accounts you see; ``to_decide``: those waiting for your decision."""
    user = request_user(request)
    qs = StrategicInitiative.objects.visible_to(user, "decide" if filters.to_decide else "view")
    if filters.to_decide:
        qs = qs.filter(status=StrategicInitiative.Status.SUBMITTED)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs.select_related("key_account", "owner"), page, _initiative_item)


@router.delete("/team-members/{member_id}", response={204: None, **WRITE_ERRORS})
def remove_team_member(request: HttpRequest, member_id: uuid.UUID) -> Status[None]:
    """Take someone off a team (the account's KAM); their RACI parts go with them."""
    user = request_user(request)
    visible = TeamMember.objects.filter(key_account__in=KeyAccount.objects.visible_to(user))
    member = visible.select_related("key_account").filter(public_id=member_id).first()
    if member is None:
        raise Http404
    services.team_member_remove(actor=user, member=member)
    return Status(204, None)


@router.get(
    "/key-accounts/{key_account_id}/stage-history",
    response={200: list[StageChangeOut], **READ_ERRORS},
)
def get_stage_history(request: HttpRequest, key_account_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every dated change of the account's current or target relationship stage, newest first."""
    account = get_key_account_for(request_user(request), key_account_id)
    return [
        {
            "stage": c.stage,
            "target_stage": c.target_stage,
            "changed_on": c.changed_on,
            "by": _login(c.actor),
        }
        for c in account.stage_changes.select_related("actor")
    ]


@router.get("/plans/{plan_id}/revisions", response={200: list[PlanRevisionOut], **READ_ERRORS})
def list_plan_revisions(request: HttpRequest, plan_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every saved version of the plan's text, newest first."""
    plan = get_plan_for(request_user(request), plan_id)
    return [
        {"number": r.number, "by": _login(r.actor), "at": r.at, "content": r.content}
        for r in plan.revisions.select_related("actor")
    ]


@router.delete("/stakeholders/{stakeholder_id}", response={204: None, **WRITE_ERRORS})
def remove_stakeholder(request: HttpRequest, stakeholder_id: uuid.UUID) -> Status[None]:
    """Take a person off the map (the account's KAM)."""
    user = request_user(request)
    services.stakeholder_remove(actor=user, stakeholder=get_stakeholder_for(user, stakeholder_id))
    return Status(204, None)
