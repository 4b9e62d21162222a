"""Every write on key accounts goes through these functions."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    ANSWER_ROLES,
    CHANGE_ROLES,
    SECTION_FIELDS,
    AccountPlan,
    InitiativeAction,
    InitiativeEvent,
    KeyAccount,
    Milestone,
    PlanRevision,
    ProfitPlanLine,
    RaciAssignment,
    RelationshipStageChange,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
    TeamMember,
    WhiteSpaceCell,
)
from kamp.accounts.permissions import can_initiative, can_manage_key_account
from kamp.core.audit import audit_record, diff_fields
from kamp.customers.models import Contact, Customer, SalesFact
from kamp.organisation.models import Membership
from kamp.organisation.permissions import has_role, reach

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from django.db.models import Model

    from kamp.accounts.models import InitiativeRight
    from kamp.organisation.models import BusinessUnit, Country, ProductLine
    from kamp.users.models import User

#: Status changes allowed: forward one step at a time, or out of the programme from anywhere.
TRANSITIONS: dict[str, frozenset[str]] = {
    KeyAccount.Status.NOMINATED: frozenset({KeyAccount.Status.VALIDATED, KeyAccount.Status.EXITED}),
    KeyAccount.Status.VALIDATED: frozenset({KeyAccount.Status.ACTIVE, KeyAccount.Status.EXITED}),
    KeyAccount.Status.ACTIVE: frozenset({KeyAccount.Status.EXITED}),
    KeyAccount.Status.EXITED: frozenset(),
}
EDITABLE = ("kam", "sponsor", "tier", "status")
ZERO = Decimal(0)


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def key_account_nominate(
    *,
    actor: User | None,
    customer: Customer,
    tier: str,
    nominated_from_id: int | None = None,
) -> KeyAccount:
    """Make a customer group a nominated key account (or return the one it already is).

    Called by the selection service when the steering committee validates an account, which
    has already checked the actor's right to validate; ``nominated_from_id`` is the run's key.
    """
    current = KeyAccount.objects.current().filter(customer=customer).first()
    if current is not None:
        return current
    today = _today()
    account = KeyAccount(
        customer=customer,
        tier=tier,
        nominated_from_id=nominated_from_id,
        nominated_on=today,
        status_changed_on=today,
    )
    account.full_clean()
    account.save()
    audit_record(
        actor=actor,
        action="key_account.nominate",
        obj=account,
        changes={"tier": [None, tier], "run": [None, nominated_from_id]},
    )
    return account


@transaction.atomic
def key_account_update(*, actor: User, key_account: KeyAccount, **fields: Any) -> KeyAccount:
    """Assign the KAM or the executive sponsor, change the tier, or move the status along.

    Programme director only. The sponsor sits on the executive committee (holds the executive
    role) and is never the account's own KAM.
    """
    if not reach(actor, CHANGE_ROLES).everything:
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = KeyAccount.objects.get(pk=key_account.pk)
    before = {f: getattr(stored, f) for f in EDITABLE}
    status = fields.get("status", stored.status)
    if status != stored.status:
        if status not in TRANSITIONS[stored.status]:
            raise ValidationError(
                {
                    "status": _("A key account cannot go from %(old)s to %(new)s.")
                    % {"old": stored.get_status_display(), "new": status}
                }
            )
        key_account.status_changed_on = _today()
        key_account.exited_on = _today() if status == KeyAccount.Status.EXITED else None
    kam = fields.get("kam")
    if kam is not None and not has_role(kam, Membership.Role.KAM):
        raise ValidationError({"kam": _("Choose someone with the key account manager role.")})
    sponsor = fields.get("sponsor")
    if sponsor is not None and not has_role(sponsor, Membership.Role.EXECUTIVE):
        raise ValidationError(
            {"sponsor": _("Choose a member of the executive committee (executive role).")}
        )
    sponsor_after, kam_after = fields.get("sponsor", stored.sponsor), fields.get("kam", stored.kam)
    if sponsor_after is not None and kam_after is not None and sponsor_after.pk == kam_after.pk:
        raise ValidationError({"sponsor": _("The sponsor cannot be the account's own KAM.")})
    for key, value in fields.items():
        setattr(key_account, key, value)
    key_account.full_clean()
    changes = diff_fields(before, {f: getattr(key_account, f) for f in EDITABLE})
    if changes:
        key_account.save()
        audit_record(actor=actor, action="key_account.update", obj=key_account, changes=changes)
    return key_account


def conflict(what: str) -> ValidationError:
    """The error raised when someone else saved ``what`` since the editor read it."""
    return ValidationError(
        _("Someone else changed this %(what)s since you opened it: reload and try again.")
        % {"what": what},
        code="conflict",
    )


def bump_version(model: type[Model], pk: int, version: int, what: str) -> None:
    """Claim the next version of row ``pk`` if it is still at ``version``, else raise a conflict."""
    updated = model._default_manager.filter(pk=pk, version=version).update(version=version + 1)
    if updated != 1:
        raise conflict(what)


@transaction.atomic
def key_account_update_profile(
    *,
    actor: User,
    key_account: KeyAccount,
    version: int,
    relationship_stage: str,
    target_stage: str,
    countries: Iterable[Country],
    business_units: Iterable[BusinessUnit],
) -> KeyAccount:
    """Set the current and target relationship stage and the scope (the KAM or the director).

    A change of stage is kept, dated, in the account's stage history.
    """
    if not can_manage_key_account(actor, key_account):
        raise PermissionDenied
    stored = KeyAccount.objects.get(pk=key_account.pk)
    bump_version(KeyAccount, stored.pk, version, _("key account"))
    stage_moved = (stored.relationship_stage, stored.target_stage) != (
        relationship_stage,
        target_stage,
    )
    before = {"relationship_stage": stored.relationship_stage, "target_stage": stored.target_stage}
    key_account.relationship_stage = relationship_stage
    key_account.target_stage = target_stage
    key_account.version = version + 1
    if stage_moved:
        key_account.stage_changed_on = _today()
    key_account.full_clean()
    key_account.save()
    key_account.countries.set(countries)
    key_account.business_units.set(business_units)
    if stage_moved:
        RelationshipStageChange.objects.create(
            key_account=key_account,
            stage=relationship_stage,
            target_stage=target_stage,
            changed_on=_today(),
            actor=actor,
        )
    changes = diff_fields(
        before, {"relationship_stage": relationship_stage, "target_stage": target_stage}
    )
    changes["countries"] = [None, sorted(c.code for c in key_account.countries.all())]
    changes["business_units"] = [None, sorted(u.code for u in key_account.business_units.all())]
    audit_record(actor=actor, action="key_account.profile", obj=key_account, changes=changes)
    return key_account


Status = StrategicInitiative.Status

#: The initiative workflow: for each move, where it may start and the right it needs.
WORKFLOW: dict[str, tuple[frozenset[str], InitiativeRight]] = {
    Status.SUBMITTED: (frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}), "change"),
    Status.VALIDATED: (frozenset({Status.SUBMITTED}), "decide"),
    Status.REJECTED: (frozenset({Status.SUBMITTED}), "decide"),
    Status.CHANGES_REQUESTED: (frozenset({Status.SUBMITTED}), "decide"),
}
#: Decisions that must say why.
NEEDS_COMMENT = frozenset({Status.REJECTED, Status.CHANGES_REQUESTED})
INITIATIVE_FIELDS = ("title", "objective", "expected_value", "investment", "owner")
ACTION_FIELDS = ("title", "owner", "due_on", "status")


def _require(actor: User, initiative: StrategicInitiative, right: InitiativeRight) -> None:
    if not can_initiative(actor, initiative, right):
        raise PermissionDenied


def _event(
    initiative: StrategicInitiative, actor: User, old: str, new: str, comment: str = ""
) -> InitiativeEvent:
    return InitiativeEvent.objects.create(
        initiative=initiative, actor=actor, from_status=old, to_status=new, comment=comment
    )


@transaction.atomic
def initiative_create(
    *, actor: User, key_account: KeyAccount, title: str, **fields: Any
) -> StrategicInitiative:
    """Draft a strategic initiative on a key account (its KAM, or the director)."""
    if not can_manage_key_account(actor, key_account):
        raise PermissionDenied
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    initiative = StrategicInitiative(key_account=key_account, title=title, **fields)
    initiative.full_clean()
    initiative.save()
    _event(initiative, actor, "", Status.DRAFT)
    audit_record(
        actor=actor, action="initiative.create", obj=initiative, changes={"title": [None, title]}
    )
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: User, initiative: StrategicInitiative, version: int, **fields: Any
) -> StrategicInitiative:
    """Change an initiative's content while it is a draft or sent back for changes."""
    _require(actor, initiative, "change")
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = StrategicInitiative.objects.get(pk=initiative.pk)
    if not stored.is_editable:
        raise ValidationError(
            _("A %(status)s initiative cannot be edited.")
            % {"status": stored.get_status_display().lower()}
        )
    bump_version(StrategicInitiative, stored.pk, version, _("initiative"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(initiative, key, value)
    initiative.version = version + 1
    initiative.status = stored.status
    initiative.full_clean()
    initiative.save()
    changes = diff_fields(before, fields)
    audit_record(actor=actor, action="initiative.update", obj=initiative, changes=changes)
    return initiative


@transaction.atomic
def initiative_transition(
    *,
    actor: User,
    initiative: StrategicInitiative,
    to_status: str,
    comment: str = "",
    version: int | None = None,
) -> StrategicInitiative:
    """Submit an initiative, or decide on it: validate, reject or ask for changes (with a why)."""
    if to_status not in WORKFLOW:
        raise ValidationError({"status": _("Unknown step: %(step)s") % {"step": to_status}})
    sources, right = WORKFLOW[to_status]
    _require(actor, initiative, right)
    stored = StrategicInitiative.objects.select_for_update().get(pk=initiative.pk)
    if stored.status not in sources:
        raise ValidationError(
            {
                "status": _("A %(old)s initiative cannot become %(new)s.")
                % {"old": stored.get_status_display().lower(), "new": Status(to_status).label}
            }
        )
    if to_status in NEEDS_COMMENT and not comment.strip():
        raise ValidationError({"comment": _("Say why, so the team knows what to do.")})
    bump_version(StrategicInitiative, stored.pk, version or stored.version, _("initiative"))
    StrategicInitiative.objects.filter(pk=stored.pk).update(status=to_status)
    initiative.status, initiative.version = to_status, (version or stored.version) + 1
    _event(initiative, actor, stored.status, to_status, comment.strip())
    audit_record(
        actor=actor,
        action=f"initiative.{to_status}",
        obj=initiative,
        changes={"status": [stored.status, to_status], "comment": [None, comment.strip()]},
    )
    return initiative


@transaction.atomic
def initiative_comment(
    *, actor: User, initiative: StrategicInitiative, comment: str
) -> InitiativeEvent:
    """Add a comment to the initiative's history (whoever may change or decide it)."""
    if not (
        can_initiative(actor, initiative, "change") or can_initiative(actor, initiative, "decide")
    ):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Write a comment.")})
    return _event(initiative, actor, "", "", comment.strip())


@transaction.atomic
def milestone_add(
    *, actor: User, initiative: StrategicInitiative, title: str, due_on: dt.date
) -> Milestone:
    """Add a milestone to an initiative (whoever may change it)."""
    _require(actor, initiative, "change")
    milestone = Milestone(initiative=initiative, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    audit_record(
        actor=actor, action="milestone.add", obj=milestone, changes={"title": [None, title]}
    )
    return milestone


@transaction.atomic
def milestone_set_done(*, actor: User, milestone: Milestone, done: bool) -> Milestone:
    """Mark a milestone reached (today) or not reached."""
    _require(actor, milestone.initiative, "change")
    milestone.done_on = _today() if done else None
    milestone.save(update_fields=["done_on", "updated_at"])
    audit_record(
        actor=actor, action="milestone.done", obj=milestone, changes={"done": [None, done]}
    )
    return milestone


@transaction.atomic
def action_add(
    *, actor: User, initiative: StrategicInitiative, title: str, **fields: Any
) -> InitiativeAction:
    """Add an action (owner, due date) to an initiative (whoever may change it)."""
    _require(actor, initiative, "change")
    action = InitiativeAction(initiative=initiative, title=title, **fields)
    action.full_clean()
    action.save()
    audit_record(actor=actor, action="action.add", obj=action, changes={"title": [None, title]})
    return action


@transaction.atomic
def action_update(
    *, actor: User, action: InitiativeAction, version: int, **fields: Any
) -> InitiativeAction:
    """Change an action: its owner may move its status; the initiative's editors change anything."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    owner_only = action.owner_id == actor.pk and not set(fields) - {"status"}
    if not owner_only and not can_initiative(actor, action.initiative, "change"):
        raise PermissionDenied
    stored = InitiativeAction.objects.get(pk=action.pk)
    bump_version(InitiativeAction, stored.pk, version, _("action"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(action, key, value)
    action.version = version + 1
    action.full_clean()
    action.save()
    audit_record(
        actor=actor, action="action.update", obj=action, changes=diff_fields(before, fields)
    )
    return action


PLAN_EDITABLE = (*SECTION_FIELDS, "last_review_on", "next_review_on")


def _require_plan(actor: User, plan: AccountPlan) -> None:
    if not can_manage_key_account(actor, plan.key_account):
        raise PermissionDenied


def sales_by_product_line(key_account: KeyAccount, year: int) -> dict[int, tuple[Decimal, Decimal]]:
    """Revenue and margin of the account's whole group in ``year``, by product line key."""
    family = Customer.objects.family_of(key_account.customer)
    rows = (
        SalesFact.objects.filter(customer__in=family, period__year=year)
        .exclude(product_line=None)
        .values("product_line_id")
        .annotate(revenue=Sum("revenue"), margin=Sum("margin"))
    )
    return {r["product_line_id"]: (r["revenue"] or ZERO, r["margin"] or ZERO) for r in rows}


def _revise(plan: AccountPlan, actor: User | None) -> None:
    """Keep the plan's sections as they are now under its current version number."""
    PlanRevision.objects.create(
        plan=plan,
        number=plan.version,
        actor=actor,
        content={
            **plan.sections(),
            "last_review_on": _jsonable_date(plan.last_review_on),
            "next_review_on": _jsonable_date(plan.next_review_on),
        },
    )


def _jsonable_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _fill_actuals(plan: AccountPlan, targets: dict[int, tuple[Decimal, Decimal]]) -> None:
    """Set every line's current figures from last year's sales; new lines aim at ``targets``
    (or at the current figures when there is none)."""
    actuals = sales_by_product_line(plan.key_account, plan.year - 1)
    existing = {line.product_line_id: line for line in plan.lines.all()}
    for product_line_id, (revenue, margin) in actuals.items():
        line = existing.get(product_line_id)
        if line is None:
            target = targets.get(product_line_id, (revenue, margin))
            line = ProfitPlanLine(
                plan=plan,
                product_line_id=product_line_id,
                target_revenue=target[0],
                target_margin=target[1],
            )
        line.current_revenue, line.current_margin = revenue, margin
        line.save()
    for product_line_id, (revenue, margin) in targets.items():
        if product_line_id not in actuals:
            ProfitPlanLine.objects.get_or_create(
                plan=plan,
                product_line_id=product_line_id,
                defaults={"target_revenue": revenue, "target_margin": margin},
            )


@transaction.atomic
def plan_create(
    *, actor: User | None, key_account: KeyAccount, year: int, check: bool = True
) -> AccountPlan:
    """Start the account's plan for ``year``, its profit plan filled from last year's sales."""
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied
    if key_account.plans.filter(year=year).exists():
        raise ValidationError(
            {"year": _("This account already has a plan for %(year)s.") % {"year": year}}
        )
    plan = AccountPlan(key_account=key_account, year=year)
    plan.full_clean()
    plan.save()
    _fill_actuals(plan, {})
    _revise(plan, actor)
    audit_record(actor=actor, action="plan.create", obj=plan, changes={"year": [None, year]})
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: AccountPlan, version: int, **fields: Any) -> AccountPlan:
    """Change sections or review dates; the previous text stays in the plan's revisions."""
    _require_plan(actor, plan)
    unknown = set(fields) - set(PLAN_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = AccountPlan.objects.get(pk=plan.pk)
    bump_version(AccountPlan, stored.pk, version, _("plan"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.version = version + 1
    plan.full_clean()
    plan.save()
    _revise(plan, actor)
    audit_record(actor=actor, action="plan.update", obj=plan, changes=diff_fields(before, fields))
    return plan


@transaction.atomic
def plan_set_targets(
    *,
    actor: User,
    plan: AccountPlan,
    version: int,
    targets: dict[int, tuple[Decimal, Decimal]],
) -> AccountPlan:
    """Set target revenue and margin by product line key (lines are added when new)."""
    _require_plan(actor, plan)
    bump_version(AccountPlan, plan.pk, version, _("plan"))
    plan.version = version + 1
    for product_line_id, (revenue, margin) in targets.items():
        ProfitPlanLine.objects.update_or_create(
            plan=plan,
            product_line_id=product_line_id,
            defaults={"target_revenue": revenue, "target_margin": margin},
        )
    audit_record(
        actor=actor,
        action="plan.targets",
        obj=plan,
        changes={str(k): [None, [str(v[0]), str(v[1])]] for k, v in targets.items()},
    )
    return plan


@transaction.atomic
def plan_refresh_actuals(*, actor: User, plan: AccountPlan) -> AccountPlan:
    """Fill the profit plan's current figures again from the sales data."""
    _require_plan(actor, plan)
    _fill_actuals(plan, {})
    audit_record(actor=actor, action="plan.refresh", obj=plan)
    return plan


@transaction.atomic
def plan_copy(*, actor: User | None, plan: AccountPlan, check: bool = True) -> AccountPlan:
    """Copy a plan into the next year: its sections and targets; current figures from the data."""
    if check and (actor is None or not can_manage_key_account(actor, plan.key_account)):
        raise PermissionDenied
    year = plan.year + 1
    if plan.key_account.plans.filter(year=year).exists():
        raise ValidationError(_("This account already has a plan for %(year)s.") % {"year": year})
    copy = AccountPlan(key_account=plan.key_account, year=year, copied_from=plan, **plan.sections())
    copy.full_clean()
    copy.save()
    targets = {
        line.product_line_id: (line.target_revenue, line.target_margin) for line in plan.lines.all()
    }
    _fill_actuals(copy, targets)
    _revise(copy, actor)
    audit_record(actor=actor, action="plan.copy", obj=copy, changes={"from": [None, plan.year]})
    return copy


@transaction.atomic
def resource_request_create(
    *,
    actor: User,
    initiative: StrategicInitiative,
    business_unit: BusinessUnit,
    kind: str,
    amount: Decimal,
    period: str,
    description: str = "",
) -> ResourceRequest:
    """Ask a profit centre for people-days, budget or something else for an initiative."""
    _require(actor, initiative, "change")
    request = ResourceRequest(
        initiative=initiative,
        business_unit=business_unit,
        kind=kind,
        amount=amount,
        period=period,
        description=description,
        requested_by=actor,
    )
    request.full_clean()
    if amount <= 0:
        raise ValidationError({"amount": _("Ask for more than zero.")})
    request.save()
    audit_record(
        actor=actor,
        action="resource_request.create",
        obj=request,
        changes={"amount": [None, str(amount)], "unit": [None, business_unit.code]},
    )
    return request


def _committed(request: ResourceRequest, decision: str, amount: Decimal | None) -> Decimal:
    """The amount a decision commits, checked against what was asked."""
    Kind = ResourceRequest.Status
    if decision == Kind.COMMITTED:
        return request.amount
    if decision == Kind.DECLINED:
        return ZERO
    if amount is None or not ZERO < amount < request.amount:
        raise ValidationError(
            {"committed_amount": _("A partial commitment is more than zero and less than asked.")}
        )
    return amount


@transaction.atomic
def resource_request_answer(
    *,
    actor: User,
    request: ResourceRequest,
    version: int,
    decision: str,
    committed_amount: Decimal | None = None,
    comment: str = "",
) -> ResourceRequest:
    """Commit, partly commit or decline a pending request (its profit centre's director)."""
    directed = reach(actor, ANSWER_ROLES)
    if not (directed.everything or request.business_unit_id in directed.unit_ids):
        raise PermissionDenied
    answers = {
        ResourceRequest.Status.COMMITTED,
        ResourceRequest.Status.PARTLY_COMMITTED,
        ResourceRequest.Status.DECLINED,
    }
    if decision not in answers:
        raise ValidationError({"decision": _("Commit, partly commit or decline.")})
    stored = ResourceRequest.objects.get(pk=request.pk)
    if stored.status != ResourceRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if decision != ResourceRequest.Status.COMMITTED and not comment.strip():
        raise ValidationError({"comment": _("Say why, so the KAM can plan around it.")})
    committed = _committed(stored, decision, committed_amount)
    bump_version(ResourceRequest, stored.pk, version, _("request"))
    request.status, request.committed_amount = decision, committed
    request.answer_comment, request.answered_by = comment.strip(), actor
    request.answered_at, request.version = timezone.now(), version + 1
    request.save()
    audit_record(
        actor=actor,
        action="resource_request.answer",
        obj=request,
        changes={"status": ["pending", decision], "committed": [None, str(committed)]},
    )
    return request


STAKEHOLDER_FIELDS = (
    "buying_role",
    "decision_role",
    "influence",
    "attitude",
    "coverage",
    "political_status",
    "owner",
    "last_met_on",
    "notes",
)


@transaction.atomic
def stakeholder_add(
    *,
    actor: User | None,
    key_account: KeyAccount,
    contact: Contact,
    check: bool = True,
    **fields: Any,
) -> Stakeholder:
    """Put a person of the customer on the account's stakeholder map (its KAM, the director)."""
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if key_account.stakeholders.filter(contact=contact).exists():
        raise ValidationError({"contact": _("This person is already on the map.")})
    stakeholder = Stakeholder(key_account=key_account, contact=contact, **fields)
    stakeholder.full_clean()
    stakeholder.save()
    audit_record(actor=actor, action="stakeholder.add", obj=stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *, actor: User, stakeholder: Stakeholder, version: int, **fields: Any
) -> Stakeholder:
    """Update a stakeholder: the KAM anything, the relationship's owner all but the owner."""
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    owner_only = stakeholder.owner_id == actor.pk and "owner" not in fields
    if not owner_only and not can_manage_key_account(actor, stakeholder.key_account):
        raise PermissionDenied
    stored = Stakeholder.objects.get(pk=stakeholder.pk)
    bump_version(Stakeholder, stored.pk, version, _("stakeholder"))
    before = {f: getattr(stored, f) for f in fields}
    for key, value in fields.items():
        setattr(stakeholder, key, value)
    stakeholder.version = version + 1
    stakeholder.full_clean()
    stakeholder.save()
    audit_record(
        actor=actor,
        action="stakeholder.update",
        obj=stakeholder,
        changes=diff_fields(before, fields),
    )
    return stakeholder


@transaction.atomic
def white_space_mark(
    *,
    actor: User | None,
    key_account: KeyAccount,
    product_line: ProductLine,
    status: str,
    country: Country | None = None,
    division: Customer | None = None,
    wallet_estimate: Decimal | None = None,
    competitor: str = "",
    check: bool = True,
) -> WhiteSpaceCell:
    """Mark one cell of the white-space matrix, a country's or a division's (the account's KAM,
    or the director)."""
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied
    if (country is None) == (division is None):
        raise ValidationError(_("Choose a country or a division of the group, not both."))
    if division is not None and division.head != key_account.customer:
        raise ValidationError({"division": _("Choose a company of the account's group.")})
    if wallet_estimate is not None and wallet_estimate < 0:
        raise ValidationError({"wallet_estimate": _("A wallet cannot be negative.")})
    cell, _created = WhiteSpaceCell.objects.update_or_create(
        key_account=key_account,
        country=country,
        division=division,
        product_line=product_line,
        defaults={"status": status, "wallet_estimate": wallet_estimate, "competitor": competitor},
    )
    cell.full_clean()
    audit_record(
        actor=actor,
        action="white_space.mark",
        obj=cell,
        changes={"status": [None, status], "wallet": [None, str(wallet_estimate)]},
    )
    return cell


def _require_manage(actor: User | None, key_account: KeyAccount, *, check: bool) -> None:
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied


@transaction.atomic
def team_member_add(
    *,
    actor: User | None,
    key_account: KeyAccount,
    role: str,
    user: User | None = None,
    name: str = "",
    allocation: int = 10,
    check: bool = True,
) -> TeamMember:
    """Add a user, or a person without a login, to the account's team (its KAM, the director)."""
    _require_manage(actor, key_account, check=check)
    if user is not None and key_account.team.filter(user=user).exists():
        raise ValidationError({"user": _("Already in the team.")})
    member = TeamMember(
        key_account=key_account, user=user, name=name, role=role, allocation=allocation
    )
    member.full_clean()
    member.save()
    audit_record(actor=actor, action="team.add", obj=member, changes={"role": [None, role]})
    return member


@transaction.atomic
def team_member_remove(*, actor: User, member: TeamMember) -> None:
    """Take someone off the team (their RACI parts go with them)."""
    _require_manage(actor, member.key_account, check=True)
    audit_record(actor=actor, action="team.remove", obj=member)
    member.delete()


@transaction.atomic
def raci_set(
    *,
    actor: User | None,
    initiative: StrategicInitiative,
    member: TeamMember,
    letter: str,
    check: bool = True,
) -> RaciAssignment | None:
    """Set a member's part (R, A, S, C, I) in an initiative; an empty letter clears it.

    An initiative has one accountable person: giving someone else the A is refused.
    """
    _require_manage(actor, initiative.key_account, check=check)
    if member.key_account_id != initiative.key_account_id:
        raise ValidationError(_("This person is not in the account's team."))
    RaciAssignment.objects.filter(initiative=initiative, member=member).delete()
    if not letter:
        return None
    if letter == "A" and initiative.raci.filter(letter="A").exists():
        raise ValidationError({"letter": _("The initiative already has someone accountable.")})
    assignment = RaciAssignment(initiative=initiative, member=member, letter=letter)
    assignment.full_clean()
    assignment.save()
    audit_record(actor=actor, action="raci.set", obj=assignment, changes={"letter": [None, letter]})
    return assignment


@transaction.atomic
def stakeholder_remove(*, actor: User, stakeholder: Stakeholder) -> None:
    """Take a person off the stakeholder map (the account's KAM, or the director)."""
    _require_manage(actor, stakeholder.key_account, check=True)
    audit_record(actor=actor, action="stakeholder.remove", obj=stakeholder)
    stakeholder.delete()
