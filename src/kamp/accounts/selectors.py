"""Read-only queries of the accounts app that pages and the API share."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from kamp.accounts.models import RaciAssignment, ResourceRequest
from kamp.accounts.stakeholders import Node, Person, org_chart, red_flags
from kamp.accounts.whitespace import build_matrix
from kamp.customers.models import Customer, SalesFact
from kamp.customers.selectors import twelve_months_start

if TYPE_CHECKING:
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser

    from kamp.accounts.models import KeyAccount, Stakeholder, WhiteSpaceCell
    from kamp.users.models import User

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


def _aggregate(user: User | AnonymousUser, *keys: str) -> list[dict[str, Any]]:
    rows = (
        ResourceRequest.objects.visible_to(user)
        .values(*keys, "kind")
        .annotate(
            asked=Sum("amount"),
            committed=Coalesce(Sum("committed_amount"), ZERO),
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
        )
        for s in stakeholders
    ]
    by_contact = {s.contact_id: s for s in stakeholders}
    return {
        "stakeholders": stakeholders,
        "red_flags": red_flags(people, today),
        "org_chart": [_tree(node, by_contact) for node in org_chart(people)],
    }


def _tree(node: Node, by_contact: dict[int, Stakeholder]) -> dict[str, Any]:
    """An org-chart node as a template-friendly ``{"s": stakeholder, "reports": [...]}``."""
    return {
        "s": by_contact[node.person.key],
        "reports": [_tree(child, by_contact) for child in node.reports],
    }


WhiteSpaceBy = Literal["country", "division"]


def white_space(account: KeyAccount, by: WhiteSpaceBy = "country") -> dict[str, Any]:
    """The account's white-space matrix: its countries (or divisions) x product lines.

    Rows are the countries (or the group's companies) with sales, in scope, or marked; revenue
    is the group's over the last twelve months. Three or four queries.
    """
    family = Customer.objects.family_of(account.customer)
    row = ("country__code", "country__name")
    if by == "division":
        row = ("customer__source_id", "customer__name")
    sales = (
        SalesFact.objects.filter(customer__in=family, period__gte=twelve_months_start())
        .exclude(product_line=None)
        .values(*row, "product_line__code", "product_line__name")
        .annotate(revenue=Sum("revenue"))
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
    for m in marks.filter(country=None) if by == "division" else marks.filter(division=None):
        key, name = (m.country.code, m.country.name) if m.country else _division(m)
        row_names[key] = name
        column_names[m.product_line.code] = m.product_line.name
        marked[(key, m.product_line.code)] = (m.status, m.wallet_estimate, m.competitor)
    rows = sorted(row_names, key=lambda k: row_names[k])
    columns = sorted(column_names, key=lambda k: column_names[k])
    return {
        "matrix": build_matrix(rows, columns, revenue, marked),
        "row_names": row_names,
        "column_names": column_names,
        "by": by,
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
