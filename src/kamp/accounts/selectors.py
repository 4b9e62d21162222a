"""Read-only queries of the accounts app that pages, the API and the forms share.

Views, API operations and forms fetch one object with ``permissions.get_<entity>_for`` and read
everything else here: they build no query of their own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from kamp.accounts.models import (
    AccountPlan,
    InitiativeAction,
    InitiativeEvent,
    KeyAccount,
    Milestone,
    ProfitPlanLine,
    RaciAssignment,
    ResourceRequest,
    StrategicInitiative,
    TeamMember,
)
from kamp.accounts.permissions import can_manage_key_account
from kamp.accounts.stakeholders import (
    DECISION_CONTACT_DAYS,
    Node,
    Person,
    org_chart,
    red_flags,
)
from kamp.accounts.whitespace import build_matrix
from kamp.core.money import ExactDecimalField, MoneySum
from kamp.customers.models import Contact, Customer, SalesFact, customer_scope
from kamp.customers.selectors import twelve_months_start
from kamp.users.models import User

if TYPE_CHECKING:
    import datetime as dt
    import uuid

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet

    from kamp.accounts.models import (
        InitiativeRight,
        PlanRevision,
        RelationshipStageChange,
        Stakeholder,
        WhiteSpaceCell,
    )
    from kamp.customers.models import CustomerQuerySet

#: What a resource request is shown with: its profit centre, account and answerer.
REQUEST_RELATED = ("business_unit", "initiative__key_account", "answered_by")
ZERO = Value(Decimal(0), output_field=ExactDecimalField(max_digits=16, decimal_places=2))


def account_companies(actor: User | AnonymousUser, account: KeyAccount) -> CustomerQuerySet:
    """The companies of the account's group whose figures ``actor`` may read: the unit scope of
    every figure of an account (the same companies the customers' sales summary sums)."""
    return Customer.objects.family_of(account.customer).visible_to(actor)


def sees_whole_account(actor: User | AnonymousUser, account: KeyAccount) -> bool:
    """Whether ``actor`` may read the figures of every company of the account's group."""
    if customer_scope(actor, "view") is None:
        return True
    family = Customer.objects.family_of(account.customer)
    return not family.exclude(pk__in=account_companies(actor, account).values("pk")).exists()


def sees_plan_figures(actor: User | AnonymousUser, account: KeyAccount) -> bool:
    """Whether ``actor`` may read the account's group-wide judgements: profit-plan targets and
    wallet estimates. Those who see the whole group, and the account's KAM who sets them."""
    return sees_whole_account(actor, account) or can_manage_key_account(actor, account)


def companies_sales_by_product_line(
    companies: CustomerQuerySet, year: int
) -> dict[int, tuple[Decimal, Decimal]]:
    """Revenue and margin of ``companies`` in ``year``, by product line key."""
    rows = (
        SalesFact.objects.filter(customer__in=companies, period__year=year)
        .exclude(product_line=None)
        .values("product_line_id")
        .annotate(revenue=MoneySum("revenue"), margin=MoneySum("margin"))
    )
    zero = Decimal(0)
    return {r["product_line_id"]: (r["revenue"] or zero, r["margin"] or zero) for r in rows}


def _scope_lines(
    actor: User | AnonymousUser, plan: AccountPlan, lines: list[ProfitPlanLine]
) -> list[ProfitPlanLine]:
    """``lines`` as ``actor`` may read them: current figures of the companies they see only,
    targets blanked (``None``) unless they :func:`sees_plan_figures`. Never saved."""
    account = plan.key_account
    if not lines or sees_whole_account(actor, account):
        return lines
    actuals = companies_sales_by_product_line(account_companies(actor, account), plan.year - 1)
    judged = can_manage_key_account(actor, account)
    for line in lines:
        line.current_revenue, line.current_margin = actuals.get(
            line.product_line_id, (Decimal(0), Decimal(0))
        )
        if not judged:
            line.target_revenue = line.target_margin = None  # type: ignore[assignment]
    return lines


def _aggregate(user: User | AnonymousUser, *keys: str) -> list[dict[str, Any]]:
    rows = (
        ResourceRequest.objects.visible_to(user)
        .values(*keys, "kind")
        .annotate(
            asked=MoneySum("amount"),
            committed=Coalesce(MoneySum("committed_amount"), ZERO),
            pending=Count("id", filter=Q(status=ResourceRequest.Status.PENDING)),
            declined=Count("id", filter=Q(status=ResourceRequest.Status.DECLINED)),
        )
        .order_by(*keys, "kind")
    )
    kinds = dict(ResourceRequest.Kind.choices)
    return [
        {
            **r,
            "kind_label": kinds.get(r["kind"], r["kind"]),
            "gap": (r["asked"] or Decimal(0)) - r["committed"],
        }
        for r in rows
    ]


def resource_alignment(user: User | AnonymousUser) -> dict[str, Any]:
    """Asked vs committed by profit centre and by key account (per type), and what waits longest.

    Three queries whatever the number of requests.
    """
    waiting = (
        ResourceRequest.objects.visible_to(user)
        .filter(status=ResourceRequest.Status.PENDING)
        .select_related("business_unit", "initiative__key_account__customer")
        .order_by("created_at", "id")[:10]
    )
    return {
        "by_unit": _aggregate(user, "business_unit__code", "business_unit__name"),
        "by_account": _aggregate(
            user, "initiative__key_account__public_id", "initiative__key_account__customer__name"
        ),
        "waiting": list(waiting),
    }


def stakeholder_map(account: KeyAccount, today: dt.date) -> dict[str, Any]:
    """The account's stakeholders with their red flags and org chart (one query)."""
    stakeholders = list(
        account.stakeholders.select_related("contact__reports_to", "owner").order_by(
            "contact__name", "id"
        )
    )
    people = [
        Person(
            key=s.contact_id,
            name=s.contact.name,
            buying_role=s.buying_role,
            decision_role=s.decision_role,
            attitude=s.attitude,
            owner_id=s.owner_id,
            last_met_on=s.last_met_on,
            reports_to=s.contact.reports_to_id,
            influence=s.influence,
        )
        for s in stakeholders
    ]
    by_contact = {s.contact_id: s for s in stakeholders}
    return {
        "stakeholders": stakeholders,
        "red_flags": red_flags(
            people,
            today,
            decision_days=getattr(settings, "KAMP_DECISION_CONTACT_DAYS", DECISION_CONTACT_DAYS),
        ),
        "org_chart": [_tree(node, by_contact) for node in org_chart(people)],
    }


def _tree(node: Node, by_contact: dict[int, Stakeholder]) -> dict[str, Any]:
    """An org-chart node as a template-friendly ``{"s": stakeholder, "reports": [...]}``."""
    return {
        "s": by_contact[node.person.key],
        "reports": [_tree(child, by_contact) for child in node.reports],
    }


WhiteSpaceBy = Literal["country", "division"]


def white_space(
    account: KeyAccount, by: WhiteSpaceBy = "country", *, actor: User | AnonymousUser
) -> dict[str, Any]:
    """The account's white-space matrix: its countries (or divisions) x product lines.

    Rows are the countries (or the group's companies) with sales, in scope, or marked; revenue
    is that of the group's companies ``actor`` may see (:func:`account_companies`) over the last
    twelve months, and wallet estimates are shown only to who :func:`sees_plan_figures`. Four to
    six queries.
    """
    companies = account_companies(actor, account)
    whole = sees_whole_account(actor, account)
    judged = whole or can_manage_key_account(actor, account)
    row = ("country__code", "country__name")
    if by == "division":
        row = ("customer__source_id", "customer__name")
    sales = (
        SalesFact.objects.filter(customer__in=companies, period__gte=twelve_months_start())
        .exclude(product_line=None)
        .values(*row, "product_line__code", "product_line__name")
        .annotate(revenue=MoneySum("revenue"))
    )
    if by == "country":
        sales = sales.exclude(country=None)
    row_names: dict[str, str] = (
        {c.code: c.name for c in account.countries.all()} if by == "country" else {}
    )
    column_names: dict[str, str] = {}
    revenue: dict[tuple[str, str], Decimal] = {}
    for r in sales:
        row_names[r[row[0]]] = r[row[1]]
        column_names[r["product_line__code"]] = r["product_line__name"]
        revenue[(r[row[0]], r["product_line__code"])] = r["revenue"] or Decimal(0)
    marked: dict[tuple[str, str], tuple[str, Decimal | None, str]] = {}
    marks = account.white_space.select_related("country", "division", "product_line")
    marks = marks.filter(country=None) if by == "division" else marks.filter(division=None)
    if by == "division" and not whole:
        marks = marks.filter(division__in=companies)
    for m in marks:
        key, name = (m.country.code, m.country.name) if m.country else _division(m)
        row_names[key] = name
        column_names[m.product_line.code] = m.product_line.name
        wallet = m.wallet_estimate if judged else None
        marked[(key, m.product_line.code)] = (m.status, wallet, m.competitor)
    rows = sorted(row_names, key=lambda k: row_names[k])
    columns = sorted(column_names, key=lambda k: column_names[k])
    return {
        "matrix": build_matrix(rows, columns, revenue, marked),
        "row_names": row_names,
        "column_names": column_names,
        "by": by,
        "whole_account": whole,
    }


def _division(cell: WhiteSpaceCell) -> tuple[str, str]:
    assert cell.division is not None
    return cell.division.source_id, cell.division.name


def raci_chart(account: KeyAccount) -> dict[str, Any]:
    """The account's team and a grid of initiatives x members with each part (three queries)."""
    members = list(account.team.select_related("user").order_by("role", "id"))
    initiatives = list(account.initiatives.order_by("created_at", "id"))
    letters = {
        (a.initiative_id, a.member_id): a.letter
        for a in RaciAssignment.objects.filter(initiative__key_account=account)
    }
    grid = [(i, [(m, letters.get((i.pk, m.pk), "")) for m in members]) for i in initiatives]
    return {
        "members": members,
        "grid": grid,
        "total_allocation": sum(m.allocation for m in members),
    }


#
# Key accounts
#


def key_account_list(
    actor: User | AnonymousUser, *, status: str | None = "", with_scope: bool = False
) -> QuerySet[KeyAccount]:
    """Key accounts ``actor`` may see with ``status`` (empty: every one that has not exited;
    ``None``: all of them, for the caller to filter).

    ``with_scope`` also fetches the countries and business units in scope (two more queries).
    """
    qs = KeyAccount.objects.visible_to(actor).select_related(
        "customer", "kam", "sponsor", "nominated_from"
    )
    if with_scope:
        qs = qs.prefetch_related("countries", "business_units")
    if status is None:
        return qs
    return qs.filter(status=status) if status in KeyAccount.Status.values else qs.current()


def stage_history(
    account: KeyAccount, *, limit: int | None = None
) -> QuerySet[RelationshipStageChange]:
    """The account's relationship-stage changes, newest first (the ``limit`` newest)."""
    changes = account.stage_changes.select_related("actor")
    return changes if limit is None else changes[:limit]


def people_with_role(role: str) -> QuerySet[User]:
    """Active users holding ``role``, by name: who may be picked as KAM or sponsor."""
    return (
        User.objects.filter(memberships__role=role, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def active_people() -> QuerySet[User]:
    """Every active user, by name: who may own an initiative, an action or a relationship."""
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


#
# Initiatives
#


def initiatives_with_overdue(account: KeyAccount) -> list[StrategicInitiative]:
    """The account's initiatives, each with its count of overdue actions (one query)."""
    overdue = Q(actions__due_on__lt=timezone.localdate()) & ~Q(
        actions__status__in=[InitiativeAction.Status.DONE, InitiativeAction.Status.CANCELLED]
    )
    return list(
        account.initiatives.select_related("owner").annotate(
            overdue_count=Count("actions", filter=overdue)
        )
    )


def initiative_list(
    actor: User | AnonymousUser, *, right: InitiativeRight = "view"
) -> QuerySet[StrategicInitiative]:
    """Initiatives of the accounts ``actor`` sees (``right="decide"``: those they may decide)."""
    return StrategicInitiative.objects.visible_to(actor, right).select_related(
        "key_account", "owner"
    )


def account_initiatives(account: KeyAccount) -> QuerySet[StrategicInitiative]:
    """The initiatives of one key account, newest first."""
    return account.initiatives.select_related("key_account", "owner")


def initiatives_to_decide(actor: User | AnonymousUser) -> QuerySet[StrategicInitiative]:
    """Submitted initiatives ``actor`` may decide on (as sponsor or committee), oldest first."""
    return (
        StrategicInitiative.objects.visible_to(actor, "decide")
        .filter(status=StrategicInitiative.Status.SUBMITTED)
        .select_related("key_account__customer", "owner")
        .order_by("updated_at", "id")
    )


def initiative_of_account(
    account: KeyAccount, public_id: uuid.UUID | str | None
) -> StrategicInitiative | None:
    """The initiative ``public_id`` of ``account``, or ``None`` (also for a malformed id)."""
    return _by_public_id(account.initiatives.all(), public_id)


def initiative_history(initiative: StrategicInitiative) -> QuerySet[InitiativeEvent]:
    """The initiative's status changes and comments, oldest first."""
    return initiative.events.select_related("actor")


def initiative_actions(initiative: StrategicInitiative) -> QuerySet[InitiativeAction]:
    """The initiative's actions with their owners."""
    return initiative.actions.select_related("initiative", "owner")


def initiative_requests(
    initiative: StrategicInitiative, *, actor: User | AnonymousUser
) -> QuerySet[ResourceRequest]:
    """What the initiative asked of the profit centres ``actor`` may see, and their answers."""
    return (
        ResourceRequest.objects.visible_to(actor)
        .filter(initiative=initiative)
        .select_related(*REQUEST_RELATED)
    )


def with_initiative_detail(initiative: StrategicInitiative) -> StrategicInitiative:
    """``initiative`` with its history, milestones and actions fetched (three queries)."""
    prefetch_related_objects(
        [initiative],
        Prefetch("events", queryset=InitiativeEvent.objects.select_related("actor")),
        "milestones",
        Prefetch(
            "actions", queryset=InitiativeAction.objects.select_related("initiative", "owner")
        ),
    )
    return initiative


def milestone_of(
    initiative: StrategicInitiative, public_id: uuid.UUID | str | None
) -> Milestone | None:
    """The milestone ``public_id`` of ``initiative``, or ``None``."""
    return _by_public_id(initiative.milestones.all(), public_id)


def milestone_visible(actor: User | AnonymousUser, public_id: uuid.UUID) -> Milestone | None:
    """The milestone ``public_id`` if ``actor`` sees its initiative, else ``None``."""
    visible = Milestone.objects.filter(
        initiative__in=StrategicInitiative.objects.visible_to(actor)
    ).select_related("initiative__key_account")
    return visible.filter(public_id=public_id).first()


def follow_up_actions(
    actor: User | AnonymousUser, *, overdue: bool = False
) -> QuerySet[InitiativeAction]:
    """Actions ``actor`` follows up: every one for the director, their accounts' for a KAM, their
    own otherwise; ``overdue``: only open ones past their due date."""
    qs = InitiativeAction.objects.visible_to(actor).for_follow_up(actor)
    qs = qs.select_related("initiative", "owner")
    return qs.overdue(timezone.localdate()) if overdue else qs


def overdue_actions(actor: User | AnonymousUser) -> QuerySet[InitiativeAction]:
    """Open actions past their due date that ``actor`` follows up, for the overdue page."""
    return (
        follow_up_actions(actor, overdue=True)
        .select_related("initiative__key_account__customer", "owner")
        .order_by("due_on", "id")
    )


#
# Plans
#


def plans_with_completeness(account: KeyAccount) -> list[tuple[AccountPlan, int]]:
    """The account's plans, newest year first, each with its completeness (one query)."""
    plans = account.plans.annotate(line_count=Count("lines"))
    return [(p, p.completeness(has_profit_plan=bool(getattr(p, "line_count", 0)))) for p in plans]


def account_plans(account: KeyAccount) -> QuerySet[AccountPlan]:
    """The account's plans, newest year first, with their count of profit-plan lines."""
    return account.plans.select_related("key_account", "copied_from").annotate(
        line_count=Count("lines")
    )


def plan_lines(plan: AccountPlan, *, actor: User | AnonymousUser) -> list[ProfitPlanLine]:
    """The plan's profit-plan lines with their product lines, by product line name, with the
    figures ``actor`` may read (see :func:`_scope_lines`)."""
    return _scope_lines(actor, plan, list(plan.lines.select_related("product_line")))


def with_plan_lines(plan: AccountPlan, *, actor: User | AnonymousUser) -> AccountPlan:
    """``plan`` with its profit-plan lines fetched (one query), as ``actor`` may read them."""
    prefetch_related_objects(
        [plan], Prefetch("lines", queryset=ProfitPlanLine.objects.select_related("product_line"))
    )
    _scope_lines(actor, plan, list(plan.lines.all()))
    return plan


def plan_revisions(plan: AccountPlan, *, limit: int | None = None) -> QuerySet[PlanRevision]:
    """The plan's saved versions, newest first (the ``limit`` newest)."""
    revisions = plan.revisions.select_related("actor")
    return revisions if limit is None else revisions[:limit]


#
# Resource requests
#


def resource_request_list(
    actor: User | AnonymousUser, *, to_answer: bool = False
) -> QuerySet[ResourceRequest]:
    """Requests ``actor`` may see; ``to_answer``: their inbox, waiting longest first."""
    qs = ResourceRequest.objects.visible_to(actor)
    if to_answer:
        qs = qs.to_answer_by(actor)
    return qs.select_related(*REQUEST_RELATED)


def requests_to_answer(actor: User | AnonymousUser) -> QuerySet[ResourceRequest]:
    """Pending requests to the profit centres ``actor`` directs, for the inbox page."""
    return (
        ResourceRequest.objects.visible_to(actor)
        .to_answer_by(actor)
        .select_related("business_unit", "initiative__key_account__customer", "requested_by")
    )


#
# Stakeholders, white space, team
#


def contacts_to_add(account: KeyAccount) -> QuerySet[Contact]:
    """People of the account's group who are not on its stakeholder map yet, by name."""
    family = Customer.objects.family_of(account.customer)
    return (
        Contact.objects.filter(customer__in=family)
        .exclude(pk__in=account.stakeholders.values("contact_id"))
        .order_by("name")
    )


def contact_visible(actor: User | AnonymousUser, public_id: uuid.UUID) -> Contact | None:
    """The contact ``public_id`` if ``actor`` may see it, else ``None``."""
    return Contact.objects.visible_to(actor).filter(public_id=public_id).first()


def group_companies(account: KeyAccount) -> QuerySet[Customer]:
    """The companies of the account's group (its divisions), by name."""
    return Customer.objects.family_of(account.customer).order_by("name")


def division_by_customer_id(source_id: str) -> Customer | None:
    """The company whose customer id (in the source system) is ``source_id``, or ``None``."""
    return Customer.objects.filter(source_id=source_id).first()


def team_member_of_account(
    account: KeyAccount, public_id: uuid.UUID | str | None
) -> TeamMember | None:
    """The member ``public_id`` of the account's team, or ``None``."""
    return _by_public_id(account.team.all(), public_id)


def team_member_visible(actor: User | AnonymousUser, public_id: uuid.UUID) -> TeamMember | None:
    """The team member ``public_id`` if ``actor`` sees its account, else ``None``."""
    visible = TeamMember.objects.filter(key_account__in=KeyAccount.objects.visible_to(actor))
    return visible.select_related("key_account").filter(public_id=public_id).first()


def _by_public_id[ModelT: Model](
    qs: QuerySet[ModelT], public_id: uuid.UUID | str | None
) -> ModelT | None:
    """The row of ``qs`` with ``public_id``, or ``None`` (also for a missing or malformed id)."""
    try:
        return qs.filter(public_id=public_id).first() if public_id else None
    except ValidationError:
        return None
