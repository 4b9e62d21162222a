"""The executive sponsorship plan: sponsors x key accounts, cadence, engagements, workload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from kamp.documents.assemblers.common import bar_chart, currency, date_text, footer, pct, subtitle
from kamp.documents.content import Chart, Document, Section, Table
from kamp.programme import selectors as programme
from kamp.programme.sponsorship import coverage

if TYPE_CHECKING:
    import datetime as dt

    from kamp.programme.sponsorship import SponsorshipRow
    from kamp.users.models import User


def _plan_table(rows: list[SponsorshipRow]) -> Table:
    headers = [
        _("Key account"),
        _("Tier"),
        _("Sponsor"),
        _("Counterpart"),
        _("Cadence (days)"),
        _("Last engagement"),
        _("Next engagement"),
        _("Overdue"),
    ]
    body: list[list[Any]] = [
        [
            r.account,
            r.tier_label,
            r.sponsor or _("to assign"),
            r.counterpart or "—",
            r.cadence_days,
            date_text(r.last_engagement),
            date_text(r.next_engagement),
            _("yes") if r.overdue else _("no"),
        ]
        for r in rows
    ]
    return Table(headers, body)


def sponsorship_plan(*, actor: User, today: dt.date) -> Document:
    """Sponsors x key accounts, cadence, last and next engagement; the sponsors' workload."""
    rows = programme.sponsorship_rows(actor=actor, today=today)
    loads = programme.sponsor_workload(actor=actor, rows=rows)
    overdue = sum(r.overdue for r in rows)
    load_rows: list[list[Any]] = [
        [x.sponsor, x.accounts, x.engagements_per_year, x.overdue, _("yes") if x.overloaded else ""]
        for x in loads
    ]
    chart_rows = [{"sponsor": x.sponsor, "accounts": x.accounts} for x in loads]
    return Document(
        title=_("Executive sponsorship plan"),
        subtitle=subtitle(actor, today),
        language=translation.get_language() or "en",
        footer=footer(),
        currency=currency(),
        sections=[
            Section(
                _("Overview"),
                facts=[
                    (_("Key accounts"), str(len(rows))),
                    (_("Sponsor coverage"), pct(coverage(rows) * 100)),
                    (_("Overdue engagements"), str(overdue)),
                ],
            ),
            Section(_("Sponsors and key accounts"), table=_plan_table(rows)),
            Section(
                _("Sponsors' workload"),
                table=Table(
                    [
                        _("Sponsor"),
                        _("Accounts"),
                        _("Engagements a year"),
                        _("Overdue"),
                        _("Overloaded"),
                    ],
                    load_rows,
                ),
                chart=Chart(
                    _("Key accounts per sponsor"),
                    bar_chart(chart_rows, "sponsor", "accounts", _("Sponsor"), _("Key accounts")),
                    categories=[x.sponsor for x in loads],
                    series={_("Key accounts"): [float(x.accounts) for x in loads]},
                ),
            ),
        ],
    )
