"""The KPI figures as JSON-ready data: the one shape ``kamp kpi``, the API and the snapshots share.

Money is a string of the exact decimal (``"1234.50"``); shares, growth and ratios are fractions
rounded to 4 decimals (``0.38``, not 38), ``None`` when not measurable.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kamp.organisation.selectors import company_currency
from kamp.performance import formulas

if TYPE_CHECKING:
    from kamp.performance.selectors import AccountFigures, KpiFigures

CENT = Decimal("0.01")


def _currency() -> str:
    """The company's currency (ISO 4217), as the programme director set it."""
    return company_currency()


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT))


def fraction(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def programme_payload(f: KpiFigures) -> dict[str, Any]:
    ka_growth = formulas.revenue_growth(f.ka.revenue, f.ka_previous.revenue)
    rest_growth = formulas.revenue_growth(f.rest.revenue, f.rest_previous.revenue)
    ka_margin = formulas.margin_pct(f.ka.margin, f.ka.revenue)
    rest_margin = formulas.margin_pct(f.rest.margin, f.rest.revenue)
    attainment = formulas.quota_attainment(
        (a.revenue.revenue, a.target) for a in f.accounts if a.target is not None
    )
    return {
        "ka_count": f.key_accounts,
        "ka_revenue_12m": money(f.ka.revenue),
        "total_revenue_12m": money(f.total.revenue),
        "ka_revenue_share": fraction(formulas.concentration(f.ka.revenue, f.total.revenue)),
        "ka_customer_share": fraction(
            formulas.concentration(f.ka_groups_selling, f.groups_selling)
        ),
        "ka_growth": fraction(ka_growth),
        "rest_growth": fraction(rest_growth),
        "growth_ratio": fraction(formulas.growth_ratio(ka_growth, rest_growth)),
        "ka_margin_pct": fraction(ka_margin),
        "rest_margin_pct": fraction(rest_margin),
        "margin_uplift": fraction(formulas.margin_uplift(ka_margin, rest_margin)),
        "sponsor_coverage": fraction(formulas.sponsor_coverage(f.sponsored, f.key_accounts)),
        "plan_coverage": fraction(formulas.plan_coverage(f.plan_reviews, f.as_of)),
        "plan_execution": fraction(formulas.plan_execution(f.milestones, f.as_of)),
        "resource_commitment_rate": fraction(
            formulas.resource_commitment_rate(f.resources_committed, f.resources_asked)
        ),
        "quota_attainment": fraction(attainment),
        "period_start": f.window.start.isoformat() if f.window else None,
        "period_end": f.window.last.isoformat() if f.window else None,
    }


def account_payload(a: AccountFigures) -> dict[str, Any]:
    ka = a.key_account
    return {
        "account": ka.customer.source_id,
        "name": ka.customer.name,
        "revenue_12m": money(a.revenue.revenue),
        "margin_12m": money(a.revenue.margin),
        "growth": fraction(a.growth),
        "target": money(a.target),
        "attainment": fraction(formulas.ratio(a.revenue.revenue, a.target or 0)),
        "stage": ka.relationship_stage,
        "stage_target": ka.target_stage,
        "days_in_stage": a.days_in_stage,
    }


def kpi_payload(f: KpiFigures) -> dict[str, Any]:
    """``as_of``, ``currency``, ``programme`` and ``accounts``: the ``kamp kpi --json`` object."""
    return {
        "as_of": f.as_of.isoformat(),
        "currency": _currency(),
        "programme": programme_payload(f),
        "accounts": [account_payload(a) for a in f.accounts],
    }
