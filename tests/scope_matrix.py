"""The world of the unit-scope test: two units, a key account shared by both, one of the other
unit's alone, every role over the whole base and over one unit, and what each may read.

Figures are chosen so a leak shows: the other unit's company sells 4,000,000 a month while the
reader's unit and the group head sell 30,000 in all; targets, wallets and the other unit's
resource request are far above that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kamp.accounts import services
from kamp.accounts.models import KeyAccount
from kamp.customers.models import Customer
from kamp.customers.selectors import sales_totals
from kamp.customers.tests.factories import CustomerFactory, SalesFactFactory
from kamp.organisation.models import Membership
from kamp.organisation.tests.factories import MembershipFactory, ProductLineFactory, UserFactory
from tests.openapi import openapi_schema

if TYPE_CHECKING:
    from kamp.accounts.models import AccountPlan, StrategicInitiative
    from kamp.organisation.models import BusinessUnit
    from kamp.users.models import User

#: Sales figures: must never exceed what the reader's scope sums, whoever reads.
SALES_FIELDS = frozenset(
    {"revenue", "margin", "revenue_12m", "current_revenue", "current_margin", "revenue_total"}
)
#: Figures entered about the whole group or another unit (targets, wallets, resources): a
#: reader who sees only part of the group must not get them above their scope's sales.
DECLARED_FIELDS = frozenset(
    {
        "target_revenue",
        "target_margin",
        "wallet",
        "wallet_estimate",
        "gap",
        "amount",
        "committed_amount",
        "asked",
        "committed",
    }
)
#: An initiative's own declared value and investment travel with the initiative, which every
#: reader of the account sees (docs/architecture.md, permissions): not bounded by sales.
EXEMPT_FIELDS = frozenset({"expected_value", "investment"})
MONEY_FIELDS = SALES_FIELDS | DECLARED_FIELDS | EXEMPT_FIELDS

ROLES = [str(r) for r in Membership.Role.values]
SCOPES = ("whole", "unit")


@dataclass
class World:
    unit: BusinessUnit
    other_unit: BusinessUnit
    shared: KeyAccount  # head and one company in ``unit``, a big company in ``other_unit``
    foreign: KeyAccount  # every company in ``other_unit``
    plan: AccountPlan
    foreign_plan: AccountPlan
    initiative: StrategicInitiative
    foreign_initiative: StrategicInitiative
    readers: dict[tuple[str, str], User]  # (role, scope) -> user
    outsider: User

    def ids(self, visible: bool) -> dict[str, str]:
        """Path parameters naming objects of the shared account (or of the foreign one)."""
        account = self.shared if visible else self.foreign
        plan = self.plan if visible else self.foreign_plan
        initiative = self.initiative if visible else self.foreign_initiative
        return {
            "key_account_id": str(account.public_id),
            "plan_id": str(plan.public_id),
            "initiative_id": str(initiative.public_id),
            "customer_id": str(account.customer.public_id),
        }


def _sell(customer: Customer, line: Any, monthly: int) -> None:
    year = dt.date.today().year - 1
    for month in (11, 12):  # last year, and inside the last twelve months
        SalesFactFactory.create(
            customer=customer,
            product_line=line,
            period=dt.date(year, month, 1),
            revenue=Decimal(monthly),
            margin=Decimal(monthly) / 4,
        )


def build_world(director: User, unit: BusinessUnit, other_unit: BusinessUnit) -> World:
    line = ProductLineFactory.create(code="PUMPS", name="Pumps")
    head = CustomerFactory.create(name="Shared Group", business_unit=other_unit)
    ours = CustomerFactory.create(name="Shared Ours", parent=head, business_unit=unit)
    theirs = CustomerFactory.create(name="Shared Theirs", parent=head, business_unit=other_unit)
    alone = CustomerFactory.create(name="Foreign Group", business_unit=other_unit)
    _sell(head, line, 3_000)
    _sell(ours, line, 12_000)
    _sell(theirs, line, 4_000_000)
    _sell(alone, line, 2_500_000)
    kam = UserFactory.create(username="scope-kam")
    MembershipFactory.create(user=kam, role=Membership.Role.KAM, business_unit=None)
    accounts = []
    for group in (head, alone):
        account = services.key_account_nominate(actor=None, customer=group, tier="gold")
        KeyAccount.objects.filter(pk=account.pk).update(kam=kam, sponsor=director)
        account.refresh_from_db()
        accounts.append(account)
    shared, foreign = accounts
    plans = []
    for account in accounts:
        plan = services.plan_create(actor=kam, key_account=account, year=dt.date.today().year)
        services.plan_set_targets(
            actor=kam, plan=plan, version=plan.version, targets={line.pk: (D5M, D5M / 2)}
        )
        services.white_space_mark(
            actor=kam,
            key_account=account,
            product_line=line,
            status="sold",
            country=account.customer.country,
            wallet_estimate=Decimal(9_000_000),
        )
        plans.append(plan)
    initiatives = []
    for account in accounts:
        initiative = services.initiative_create(actor=kam, key_account=account, title="Lab")
        for business_unit, amount in ((unit, 500), (other_unit, 777_777)):
            services.resource_request_create(
                actor=kam,
                initiative=initiative,
                business_unit=business_unit,
                kind="budget",
                amount=Decimal(amount),
                period="2026",
            )
        initiatives.append(initiative)
    readers = {}
    for role in ROLES:
        for scope in SCOPES:
            user = UserFactory.create(username=f"{role}-{scope}")
            MembershipFactory.create(
                user=user, role=role, business_unit=unit if scope == "unit" else None
            )
            readers[(role, scope)] = user
    return World(
        unit=unit,
        other_unit=other_unit,
        shared=shared,
        foreign=foreign,
        plan=plans[0],
        foreign_plan=plans[1],
        initiative=initiatives[0],
        foreign_initiative=initiatives[1],
        readers=readers,
        outsider=UserFactory.create(username="scope-outsider"),
    )


D5M = Decimal(5_000_000)


def scope_bound(user: User) -> Decimal:
    """What the reader's scope holds: the sales of every customer they see, all time (the sum
    the customers' sales summary makes over the companies a reader may see)."""
    return sales_totals(customers=Customer.objects.visible_to(user)).revenue


#
# Operations of the OpenAPI schema
#


def _money_fields(schema: dict[str, Any], seen: frozenset[str] = frozenset()) -> set[str]:
    components = openapi_schema()["components"]["schemas"]
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return set() if name in seen else _money_fields(components[name], seen | {name})
    found: set[str] = set()
    for key in ("anyOf", "allOf", "oneOf"):
        for sub in schema.get(key, []):
            found |= _money_fields(sub, seen)
    if "items" in schema:
        found |= _money_fields(schema["items"], seen)
    for name, prop in schema.get("properties", {}).items():
        if name in MONEY_FIELDS:
            found.add(name)
        found |= _money_fields(prop, seen)
    return found


#: APIs whose fields share a name with a money field but hold none: casting's ``gap`` is a
#: competency level (attained - required, on 1-5), not an amount.
NO_MONEY_PREFIXES = ("/api/v1/casting/",)


def figure_operations() -> list[tuple[str, set[str]]]:
    """Every GET operation whose 200 response carries money fields, with those fields."""
    operations = []
    for path, methods in openapi_schema()["paths"].items():
        if path.startswith(NO_MONEY_PREFIXES):
            continue
        get = methods.get("get")
        if get is None:
            continue
        content = get["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        fields = _money_fields(schema) if schema else set()
        if fields:
            operations.append((path, fields))
    return operations


def money_values(data: Any) -> list[tuple[str, float]]:
    """Every ``(field, value)`` of a money field anywhere in a JSON document."""
    found: list[tuple[str, float]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in MONEY_FIELDS and isinstance(value, int | float):
                found.append((key, float(value)))
            else:
                found.extend(money_values(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(money_values(item))
    return found


#
# Pages and files
#

_NUMBER = re.compile(r"(?<![\w.\-/#:])\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?(?![\w\-])")
_PLAIN = re.compile(r"(?<![\w.,\-/#:])\d+(?:\.\d+)?(?![\w\-,])")
_TAG = re.compile(r"<[^>]+>")


def figures_in(text: str) -> list[float]:
    """The numbers a reader sees in a page or a file's text (thousands separated or plain)."""
    text = _TAG.sub(" ", text.replace("&nbsp;", " "))
    found = [float(re.sub(r"[,\u00a0\u202f ]", "", m)) for m in _NUMBER.findall(text)]
    stripped = _NUMBER.sub(" ", text)
    found.extend(float(m) for m in _PLAIN.findall(stripped))
    return found


def json_body(content: bytes) -> Any:
    return json.loads(content)
