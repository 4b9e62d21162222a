"""The demo's key accounts and their plans: every key account gets a plausible plan.

Loaded by ``kamp demo`` after the demo selection, through the services (so it is audited).
If the steering committee has not validated any account yet, the largest groups become demo key
accounts, shared between the two demo KAMs with the demo executive as sponsor. Then every
current key account without a plan for this year gets one: relationship stage, plan sections,
profit plan from the sales data, initiatives at each step of the workflow with milestones,
actions (one overdue) and resource requests, and a stakeholder map from the group's contacts.
Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils import timezone

from kamp.accounts import services
from kamp.accounts.models import AccountPlan, KeyAccount, StrategicInitiative
from kamp.core.money import MoneySum
from kamp.customers.models import Contact, Customer, SalesFact
from kamp.organisation.models import BusinessUnit, ProductLine
from kamp.users.models import User

if TYPE_CHECKING:
    from collections.abc import Sequence

#: How many of the largest groups become key accounts when none exists yet.
DEMO_ACCOUNTS = 6
TIERS = ("gold", "gold", "silver", "silver", "bronze", "bronze")
STAGES = (
    ("cooperative", "interdependent"),
    ("basic", "cooperative"),
    ("interdependent", "integrated"),
    ("exploratory", "basic"),
)
SECTIONS = {
    "executive_summary": "{name} is among our largest groups. We aim to become its preferred "
    "partner for process equipment and services, growing share of wallet in three units.",
    "customer_profile": "{name}: a multi-site group in {industry}, buying centrally for capex "
    "and locally for spares and services.",
    "customer_vision": "Lower total cost of operation, fewer suppliers, and carbon targets met.",
    "customer_kpis": "Plant uptime; energy use per unit produced; supplier count; lead times.",
    "business_drivers": "Energy prices, regulation on emissions and water, and consolidation.",
    "swot_strengths": "Installed base; service network close to their plants.",
    "swot_weaknesses": "Little contact above purchasing; slow quotations across units.",
    "swot_opportunities": "Retrofit programme of their older sites; digital monitoring.",
    "swot_threats": "A low-cost competitor courts their purchasing team.",
    "competitors": "Two global players and regional specialists in services.",
    "value_problem": "Unplanned stops cost them production on the older lines.",
    "value_impact": "Each stop costs hours of output and overtime for maintenance crews.",
    "value_measured": "Uptime and maintenance cost per line, measured before and after.",
    "value_reward": "A frame agreement for retrofits and a service contract per site.",
    "goals": "Be the reference partner for the plant retrofit programme.",
    "objectives": "Grow revenue by 12 % and margin by 2 points; three sites under contract.",
}
INITIATIVES = (
    ("Retrofit programme for the older plants", "validated", 1_200_000, 180_000),
    ("Service contracts per site", "submitted", 600_000, 60_000),
    ("Remote monitoring pilot", "draft", 250_000, 40_000),
)
ATTITUDES = ("supporter", "neutral", "mentor", "hostile", "neutral")
BUYING = ("economic", "technical", "coach", "user", "")
DECISION = ("decision_maker", "influencer", "influencer", "user", "gatekeeper")


def demo_accounts_ensure() -> int:
    """Create the demo's key accounts if there is none, then a plan for each that lacks one.

    Returns how many key accounts got a plan.
    """
    director = User.objects.filter(username="director").first()
    if director is None:
        return 0
    if not KeyAccount.objects.current().exists():
        _nominate(director)
    year = timezone.localdate().year
    made = 0
    for account in KeyAccount.objects.current().select_related("customer", "kam", "sponsor"):
        if not account.plans.filter(year=year).exists():
            _plan(account, director, year)
            made += 1
    return made


@transaction.atomic
def _nominate(director: User) -> None:
    """The largest groups become active key accounts with a KAM and a sponsor."""
    kams = list(User.objects.filter(username__in=["kam", "kam2"]).order_by("username"))
    sponsor = User.objects.filter(username="executive").first()
    family_sales = (
        SalesFact.objects.filter(Q(customer=OuterRef("pk")) | Q(customer__group=OuterRef("pk")))
        .order_by()
        .values(one=Value(1))
        .annotate(total=MoneySum("revenue"))
        .values("total")
    )
    groups = (
        Customer.objects.groups()
        .annotate(revenue=Subquery(family_sales))
        .filter(revenue__gt=0)
        .order_by("-revenue", "id")[:DEMO_ACCOUNTS]
    )
    for n, group in enumerate(groups):
        account = services.key_account_nominate(actor=director, customer=group, tier=TIERS[n])
        kam = kams[n % len(kams)] if kams else None
        services.key_account_update(
            actor=director, key_account=account, kam=kam, status="validated"
        )
        services.key_account_update(actor=director, key_account=account, status="active")
        KeyAccount.objects.filter(pk=account.pk).update(sponsor=sponsor)


@transaction.atomic
def _plan(account: KeyAccount, director: User, year: int) -> None:
    actor = account.kam or director
    seed = account.pk
    stage, target = STAGES[seed % len(STAGES)]
    units = list(BusinessUnit.objects.order_by("code")[:2])
    account.refresh_from_db()
    services.key_account_update_profile(
        actor=director,
        key_account=account,
        version=account.version,
        relationship_stage=stage,
        target_stage=target,
        countries=[account.customer.country] if account.customer.country else [],
        business_units=units,
    )
    plan = services.plan_create(actor=None, key_account=account, year=year, check=False)
    text = {
        k: v.format(name=account.customer.name, industry=account.customer.industry or "industry")
        for k, v in SECTIONS.items()
    }
    today = timezone.localdate()
    services.plan_update(
        actor=director,
        plan=plan,
        version=plan.version,
        **text,
        last_review_on=today - dt.timedelta(days=30),
        next_review_on=today + dt.timedelta(days=60),
    )
    _initiatives(account, actor, director, units, today)
    _stakeholders(account, actor, today)
    _white_space(account, plan)
    _team(account)


def _initiatives(
    account: KeyAccount, kam: User, director: User, units: Sequence[BusinessUnit], today: dt.date
) -> None:
    member = User.objects.filter(username="member").first()
    for n, (title, status, value, investment) in enumerate(INITIATIVES):
        ini = services.initiative_create(
            actor=director,
            key_account=account,
            title=title,
            objective=f"{title}: a step towards the plan's goals.",
            expected_value=Decimal(value),
            investment=Decimal(investment),
            owner=kam,
        )
        services.milestone_add(
            actor=director,
            initiative=ini,
            title="Proposal agreed",
            due_on=today + dt.timedelta(days=45),
        )
        services.action_add(
            actor=director,
            initiative=ini,
            title="Workshop with the customer's plant managers",
            owner=member or kam,
            due_on=today - dt.timedelta(days=10 + n),
        )
        services.action_add(
            actor=director,
            initiative=ini,
            title="Business case reviewed with finance",
            owner=kam,
            due_on=today + dt.timedelta(days=20 + n),
        )
        if units:
            _request(ini, director, units[n % len(units)], n)
        _advance(ini, director, status)


def _request(ini: StrategicInitiative, director: User, unit: BusinessUnit, n: int) -> None:
    services.resource_request_create(
        actor=director,
        initiative=ini,
        business_unit=unit,
        kind=("people_days", "budget", "people_days")[n],
        amount=Decimal((40, 25_000, 15)[n]),
        period=str(timezone.localdate().year),
        description="Engineers for the site surveys." if n != 1 else "Pilot equipment.",
    )


def _advance(ini: StrategicInitiative, director: User, status: str) -> None:
    if status == "draft":
        return
    services.initiative_transition(actor=director, initiative=ini, to_status="submitted")
    if status == "validated":
        services.initiative_transition(
            actor=director, initiative=ini, to_status="validated", comment="Fits the plan."
        )


def _stakeholders(account: KeyAccount, kam: User, today: dt.date) -> None:
    family = Customer.objects.family_of(account.customer)
    contacts = list(Contact.objects.filter(customer__in=family).order_by("id")[:5])
    member = User.objects.filter(username="member").first()
    for n, contact in enumerate(contacts):
        services.stakeholder_add(
            actor=None,
            key_account=account,
            contact=contact,
            check=False,
            buying_role=BUYING[n],
            decision_role=DECISION[n],
            attitude=ATTITUDES[n],
            influence=("high", "medium", "medium", "high", "low")[n],
            coverage=("medium", "high", "low", "low", "medium")[n],
            owner=kam if n % 2 == 0 or member is None else member,
            last_met_on=today - dt.timedelta(days=(20, 45, 130, 60, 200)[n]),
        )


def _white_space(account: KeyAccount, plan: AccountPlan) -> None:
    """Wallet estimates on the sold cells, an opening and a competitor in the group's country."""
    country = account.customer.country
    lines = list(ProductLine.objects.order_by("code"))
    if country is None or len(lines) < 2:
        return
    sold = {line.product_line_id: line.current_revenue for line in plan.lines.all()}
    marks = [
        (lines[0], "opportunity", Decimal(400_000), ""),
        (lines[1], "competitor", Decimal(250_000), "Nordic Process AB"),
    ]
    marks += [
        (line, "sold", (sold[line.pk] * Decimal("2.5")).quantize(Decimal(1)), "")
        for line in lines[2:5]
        if sold.get(line.pk)
    ]
    for line, status, wallet, competitor in marks:
        services.white_space_mark(
            actor=None,
            key_account=account,
            country=country,
            product_line=line,
            status=status,
            wallet_estimate=wallet,
            competitor=competitor,
            check=False,
        )


def _team(account: KeyAccount) -> None:
    """The KAM, the sponsor, the unit's team member and a quality engineer without a login;
    the KAM accountable for every initiative, the others responsible or consulted."""
    people: list[tuple[User | None, str, str, int]] = [
        (account.kam, "", "kam", 40),
        (account.sponsor, "", "sponsor", 5),
        (User.objects.filter(username="member").first(), "", "bu_lead", 20),
        (None, "Ola Nordmann", "quality", 10),
    ]
    members = [
        services.team_member_add(
            actor=None,
            key_account=account,
            user=user,
            name=name,
            role=role,
            allocation=share,
            check=False,
        )
        for user, name, role, share in people
        if user is not None or name
    ]
    for n, initiative in enumerate(account.initiatives.order_by("id")):
        for member, letter in zip(members, ("A", "I", "R", "C"), strict=False):
            if n == 2 and letter == "C":
                letter = "S"
            services.raci_set(
                actor=None, initiative=initiative, member=member, letter=letter, check=False
            )
