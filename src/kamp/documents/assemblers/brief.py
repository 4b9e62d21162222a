"""The Customer Executive Brief: what an executive needs before meeting the customer."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from kamp.accounts.models import PLAN_SECTIONS, StrategicInitiative
from kamp.core.charts import stacked_bars_by_year
from kamp.customers.selectors import (
    sales_by_year_and_product_line,
    sales_totals,
    twelve_months_start,
)
from kamp.documents import selectors
from kamp.documents.assemblers.common import (
    currency,
    date_text,
    footer,
    money,
    money_cell,
    pct,
    person,
    subtitle,
)
from kamp.documents.content import Chart, Document, Section, Table
from kamp.programme import selectors as programme

if TYPE_CHECKING:
    import datetime as dt

    from kamp.accounts.models import AccountPlan, KeyAccount
    from kamp.customers.models import CustomerQuerySet
    from kamp.programme.sponsorship import SponsorshipRow
    from kamp.users.models import User


def _revenue_chart(companies: CustomerQuerySet) -> Chart | None:
    rows = sales_by_year_and_product_line(customers=companies)
    if not rows:
        return None
    years = list(dict.fromkeys(r["year_label"] for r in rows))
    lines = sorted({r["product_line"] for r in rows})
    series = {
        line: [
            sum(r["revenue"] for r in rows if r["year_label"] == y and r["product_line"] == line)
            for y in years
        ]
        for line in lines
    }
    return Chart(_("Revenue by year and product line"), stacked_bars_by_year(rows), years, series)


def _trend_table(companies: CustomerQuerySet, in_currency: str) -> Table:
    rows = sales_by_year_and_product_line(customers=companies)
    years: dict[str, list[Decimal]] = {}
    for r in rows:
        # The chart's floats hold whole cents exactly; added back as decimals, never as floats.
        totals = years.setdefault(r["year_label"], [Decimal(0), Decimal(0)])
        totals[0] += Decimal(str(r["revenue"]))
        totals[1] += Decimal(str(r["margin"]))
    body: list[list[Any]] = [
        [
            year,
            money_cell(rev, in_currency),
            money_cell(mar, in_currency),
            pct(mar / rev * 100 if rev else None),
        ]
        for year, (rev, mar) in years.items()
    ]
    return Table([_("Year"), _("Revenue"), _("Margin"), _("Margin %")], body)


def _snapshot(
    account: KeyAccount, companies: CustomerQuerySet, today: dt.date, in_currency: str
) -> Section:
    """The group's facts; the figures sum the companies the reader may see (``companies``)."""
    head = account.customer
    totals = sales_totals(customers=companies, since=twelve_months_start(today))
    return Section(
        _("Company snapshot"),
        facts=[
            (_("Customer group"), head.name),
            (_("Industry"), head.industry or "—"),
            (_("Country"), str(head.country) if head.country_id else "—"),
            (_("Companies in the group"), str(companies.count())),
            (_("Revenue, last 12 months"), money(totals.revenue, in_currency)),
            (_("Margin, last 12 months"), money(totals.margin, in_currency)),
            (_("Margin %"), pct(totals.margin_pct)),
            (_("Tier"), str(account.get_tier_display())),
            (_("Key account manager"), person(account.kam)),
            (_("Executive sponsor"), person(account.sponsor)),
        ],
    )


def _plan_row(actor: User, account: KeyAccount, today: dt.date) -> SponsorshipRow | None:
    found = programme.sponsorship_rows(actor=actor, today=today, key_account=account)
    return found[0] if found else None


def _relationship(account: KeyAccount, actor: User, today: dt.date) -> Section:
    row = _plan_row(actor, account, today)
    log = programme.engagement_log(actor=actor, key_account=account)[:5]
    facts = [
        (_("Status"), str(account.get_status_display())),
        (_("Key account since"), date_text(account.nominated_on)),
        (_("Relationship stage"), str(account.get_relationship_stage_display() or "—")),
        (_("Stage aimed at"), str(account.get_target_stage_display() or "—")),
    ]
    if row is not None:
        facts += [
            (_("Counterpart"), row.counterpart or "—"),
            (_("Last engagement"), date_text(row.last_engagement)),
            (_("Next engagement"), date_text(row.next_engagement)),
        ]
    bullets = [f"{date_text(e.held_on)}: {e.get_kind_display()}. {e.summary}".strip() for e in log]
    bullets += [
        _("%(date)s: stage %(stage)s, aiming at %(target)s")
        % {
            "date": date_text(change.changed_on),
            "stage": change.get_stage_display(),
            "target": change.get_target_stage_display(),
        }
        for change in account.stage_changes.all()[:5]
    ]
    return Section(_("Relationship history and stage"), facts=facts, bullets=bullets)


def _initiative_table(initiatives: list[StrategicInitiative], in_currency: str) -> Table:
    body: list[list[Any]] = [
        [
            i.title,
            str(i.get_status_display()),
            person(i.owner),
            money_cell(i.expected_value, in_currency),
        ]
        for i in initiatives
    ]
    return Table([_("Initiative"), _("Status"), _("Owner"), _("Expected value")], body)


def _stakeholders(account: KeyAccount) -> Section | None:
    people = selectors.stakeholder_list(key_account=account)
    if not people:
        return None
    body: list[list[Any]] = [
        [
            p.contact.name,
            p.contact.title or "—",
            str(p.get_decision_role_display() or "—"),
            str(p.get_influence_display()),
            str(p.get_attitude_display()),
            date_text(p.last_met_on),
        ]
        for p in people
    ]
    headers = [
        _("Name"),
        _("Job title"),
        _("Role in the decision"),
        _("Influence"),
        _("Attitude"),
        _("Last met on"),
    ]
    return Section(_("People to meet"), table=Table(headers, body))


#: The plan sections that say what to tell the customer's top management.
_MESSAGE_SECTIONS = ("value_problem", "value_impact", "value_measured", "value_reward", "goals")


def _messages(plan: AccountPlan | None) -> Section:
    heading = _("Messages and selling arguments for the customer's top management")
    if plan is None:
        return Section(heading, paragraphs=[_("No account plan yet.")])
    labels = dict(PLAN_SECTIONS)
    bullets = [
        f"{labels[name]}: {getattr(plan, name).strip()}"
        for name in _MESSAGE_SECTIONS
        if getattr(plan, name).strip()
    ]
    paragraphs = [plan.executive_summary.strip()] if plan.executive_summary.strip() else []
    return Section(heading, paragraphs=paragraphs, bullets=bullets or ["—"])


def _people(account: KeyAccount, actor: User) -> Section:
    """The stakeholder map when there is one, else the group's contacts."""
    mapped = _stakeholders(account)
    if mapped is not None:
        return mapped
    # The top of each reporting line first: the people an executive meets.
    contacts = selectors.contact_list(actor=actor, key_account=account)
    counterpart_id = getattr(getattr(account, "sponsorship", None), "counterpart_id", None)
    body: list[list[Any]] = [
        [c.name, c.title or "—", c.customer.name, _("yes") if c.pk == counterpart_id else ""]
        for c in contacts
    ]
    return Section(
        _("People to meet"),
        table=Table([_("Name"), _("Job title"), _("Company"), _("Sponsor's counterpart")], body),
    )


def _open_issues(account: KeyAccount, actor: User, today: dt.date) -> list[str]:
    late = selectors.overdue_action_list(actor=actor, key_account=account, today=today)
    return [
        _("%(action)s (%(initiative)s), due %(date)s")
        % {"action": a.title, "initiative": a.initiative.title, "date": date_text(a.due_on)}
        for a in late
    ]


def _asks(
    initiatives: list[StrategicInitiative], account: KeyAccount, row: SponsorshipRow | None
) -> list[str]:
    asks = [
        _("Decide on the initiative “%(title)s”.") % {"title": i.title}
        for i in initiatives
        if i.status == StrategicInitiative.Status.SUBMITTED
    ]
    if account.sponsor_id is None:
        asks.append(_("Name an executive sponsor for this account."))
    elif row is not None and row.overdue:
        asks.append(
            _("Meet the customer: the sponsor's engagement was due on %(date)s.")
            % {"date": date_text(row.next_engagement)}
        )
    return asks


def brief(*, actor: User, key_account: KeyAccount, today: dt.date) -> Document:
    """The Customer Executive Brief: what an executive needs before meeting the customer."""
    initiatives = selectors.initiative_list(actor=actor, key_account=key_account)
    companies = selectors.account_companies(actor=actor, key_account=key_account)
    in_currency = currency()
    trend = Section(
        _("Revenue and margin trend"),
        table=_trend_table(companies, in_currency),
        chart=_revenue_chart(companies),
    )
    return Document(
        title=_("Customer Executive Brief: %(name)s") % {"name": key_account.customer.name},
        subtitle=subtitle(actor, today),
        language=translation.get_language() or "en",
        footer=footer(),
        currency=in_currency,
        sections=[
            _snapshot(key_account, companies, today, in_currency),
            _relationship(key_account, actor, today),
            trend,
            Section(
                _("Strategic initiatives"),
                table=_initiative_table(initiatives, in_currency) if initiatives else None,
                paragraphs=[] if initiatives else [_("No strategic initiative yet.")],
            ),
            _people(key_account, actor),
            _messages(selectors.latest_plan(actor=actor, key_account=key_account)),
            Section(
                _("Open issues"),
                bullets=_open_issues(key_account, actor, today) or [_("No open issue.")],
            ),
            Section(
                _("What is asked of the executive"),
                bullets=_asks(initiatives, key_account, _plan_row(actor, key_account, today))
                or [_("Nothing pending.")],
            ),
        ],
    )
