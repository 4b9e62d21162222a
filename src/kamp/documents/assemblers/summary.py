"""The programme executive summary for the steering committee."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from kamp.accounts.models import KeyAccount
from kamp.core import formatting
from kamp.customers.selectors import twelve_months_start
from kamp.documents import selectors
from kamp.documents.assemblers.common import (
    bar_chart,
    currency,
    date_text,
    footer,
    money,
    pct,
    person,
    subtitle,
)
from kamp.documents.content import Chart, Document, Section, Table
from kamp.programme import selectors as programme
from kamp.programme.sponsorship import coverage
from kamp.selection.charts import portfolio_matrix
from kamp.selection.permissions import can as can_select

if TYPE_CHECKING:
    import datetime as dt

    from kamp.programme.sponsorship import SponsorshipRow
    from kamp.users.models import User


def _kpis(
    actor: User, accounts: list[KeyAccount], rows: list[SponsorshipRow], today: dt.date
) -> Section:
    since = twelve_months_start(today)
    key, total = selectors.key_account_revenue(
        actor=actor, customer_ids=[a.customer_id for a in accounts], since=since
    )
    return Section(
        _("Key figures"),
        facts=[
            (_("Key accounts"), str(len(accounts))),
            (
                _("Share of revenue from key accounts, last 12 months"),
                pct(key / total * 100 if total else None),
            ),
            (_("Sponsor coverage"), pct(coverage(rows) * 100)),
            (_("Overdue sponsor engagements"), str(sum(r.overdue for r in rows))),
        ],
    )


def _objectives(actor: User) -> Section:
    bullets = [
        f"{c.title}: {o.title}" + (f" ({o.kpi} → {o.target})" if o.kpi or o.target else "")
        for c in programme.challenge_list(actor=actor)
        for o in c.objectives.all()
    ]
    return Section(_("Objectives"), bullets=bullets or [_("No objective recorded yet.")])


def _plan_status(account: KeyAccount) -> str:
    """The latest plan's year and how much of it is filled in (plans prefetched, newest first)."""
    plans = list(account.plans.all())
    if not plans:
        return _("none")
    plan = plans[0]
    filled = plan.completeness(has_profit_plan=getattr(plan, "line_count", 0) > 0)
    return f"{plan.year}: {filled} %"


def _status_table(accounts: list[KeyAccount]) -> Table:
    headers = [
        _("Key account"),
        _("Tier"),
        _("Status"),
        _("Key account manager"),
        _("Sponsor"),
        _("Validated initiatives"),
        _("Account plan (filled in)"),
    ]
    body: list[list[Any]] = [
        [
            a.customer.name,
            str(a.get_tier_display()),
            str(a.get_status_display()),
            person(a.kam),
            person(a.sponsor),
            f"{getattr(a, 'validated', 0)} / {getattr(a, 'initiatives_total', 0)}",
            _plan_status(a),
        ]
        for a in accounts
    ]
    return Table(headers, body)


def _resource_gaps(actor: User) -> list[str]:
    """Resource requests a profit centre has not (fully) committed to, biggest gap first."""
    requests = selectors.open_resource_request_list(actor=actor)
    open_requests = sorted(requests, key=lambda r: -r.gap)[:10]
    return [
        _("%(account)s, %(initiative)s: %(gap)s %(kind)s not committed by %(unit)s (%(status)s).")
        % {
            "account": r.initiative.key_account.customer.name,
            "initiative": r.initiative.title,
            "gap": money(r.gap) if r.kind == r.Kind.BUDGET else formatting.number(r.gap),
            "kind": r.get_kind_display(),
            "unit": r.business_unit.name,
            "status": r.get_status_display(),
        }
        for r in open_requests
        if r.gap > 0
    ]


def _gaps(actor: User, accounts: list[KeyAccount], rows: list[SponsorshipRow]) -> list[str]:
    gaps = [
        _("%(name)s has no key account manager.") % {"name": a.customer.name}
        for a in accounts
        if a.kam_id is None
    ]
    gaps += [
        _("%(name)s has no executive sponsor.") % {"name": a.customer.name}
        for a in accounts
        if a.sponsor_id is None
    ]
    gaps += _resource_gaps(actor)
    gaps += [
        _("%(name)s carries more sponsorships than the others.") % {"name": x.sponsor}
        for x in programme.sponsor_workload(actor=actor, rows=rows)
        if x.overloaded
    ]
    return gaps or [_("None.")]


def _tier_chart(accounts: list[KeyAccount]) -> Chart:
    tiers = {
        str(label): sum(a.tier == key for a in accounts) for key, label in KeyAccount.Tier.choices
    }
    rows = [{"tier": k, "accounts": v} for k, v in tiers.items()]
    return Chart(
        _("Key accounts by tier"),
        bar_chart(rows, "tier", "accounts", _("Tier"), _("Key accounts")),
        categories=list(tiers),
        series={_("Key accounts"): [float(v) for v in tiers.values()]},
    )


def _portfolio(actor: User, accounts: list[KeyAccount]) -> Section | None:
    """The key accounts on the portfolio matrix of the run that nominated them (the same chart
    as the selection pages); only for readers of the selection, who see whole-base scores."""
    run_ids = {a.nominated_from_id for a in accounts if a.nominated_from_id}
    if not run_ids or not can_select(actor, "view"):
        return None
    run, results = selectors.nominating_run(
        run_ids=run_ids, customer_ids=[a.customer_id for a in accounts]
    )
    spec = run.model.spec
    if spec.is_ranking:  # a one-axis model ranks accounts: there is no matrix to draw
        return None
    labels = {q.key: q.label for q in spec.matrix.quadrants}
    rows = [
        {
            "name": r.account.name,
            "strength": round(r.strength or 0.0, 3),
            "attractiveness": round(r.attractiveness or 0.0, 3),
            "revenue": round(r.revenue_12m),
            "segment": r.segment or _("No segment"),
            "quadrant": labels.get(r.quadrant, r.quadrant),
            "tier": r.tier,
            "selected": r.selected,
            "url": "",
        }
        for r in results
    ]
    chart = portfolio_matrix(
        rows,
        scale=spec.scale,
        attractiveness_threshold=spec.matrix.attractiveness_threshold,
        strength_threshold=spec.matrix.strength_threshold,
        quadrant_labels=labels,
        x_title=spec.axis("strength").label or _("Relative strength"),
        y_title=spec.axis("attractiveness").label or _("Account attractiveness"),
    )
    return Section(
        _("Portfolio matrix"),
        paragraphs=[_("Selection run: %(name)s") % {"name": run.name}],
        chart=Chart(_("Portfolio matrix"), chart),
    )


def _waiting(actor: User) -> list[str]:
    waiting = selectors.awaiting_decision_list(actor=actor)
    return [f"{i.key_account.customer.name}: {i.title}" for i in waiting] or [_("None.")]


def summary(*, actor: User, today: dt.date) -> Document:
    """The programme executive summary for the steering committee."""
    accounts = selectors.current_key_account_list(actor=actor)
    rows = programme.sponsorship_rows(actor=actor, today=today)
    review = programme.next_review(actor=actor, today=today)
    next_line = f"{review.title}, {date_text(review.held_on)}" if review else _("None planned.")
    return Document(
        title=_("Programme executive summary"),
        subtitle=subtitle(actor, today),
        language=translation.get_language() or "en",
        footer=footer(),
        currency=currency(),
        sections=[
            _objectives(actor),
            _kpis(actor, accounts, rows, today),
            Section(_("Portfolio by tier"), chart=_tier_chart(accounts)),
            *filter(None, [_portfolio(actor, accounts)]),
            Section(_("Key accounts and their plan status"), table=_status_table(accounts)),
            Section(_("Initiatives awaiting decision"), bullets=_waiting(actor)),
            Section(_("Resource gaps"), bullets=_gaps(actor, accounts, rows)),
            Section(_("Next steering review"), paragraphs=[next_line]),
        ],
    )
