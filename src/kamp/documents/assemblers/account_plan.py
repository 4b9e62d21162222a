"""The account plan: the brief's sections, the plan's written sections, every initiative's
objective and the actions that carry the initiatives out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from kamp.accounts.models import PLAN_SECTIONS
from kamp.documents import selectors
from kamp.documents.assemblers.brief import brief
from kamp.documents.assemblers.common import date_text, person
from kamp.documents.content import Document, Section, Table

if TYPE_CHECKING:
    import datetime as dt

    from kamp.accounts.models import KeyAccount
    from kamp.users.models import User


def _action_plan(account: KeyAccount, actor: User, today: dt.date) -> Section:
    actions = selectors.action_list(actor=actor, key_account=account)
    body: list[list[Any]] = [
        [
            a.title,
            a.initiative.title,
            person(a.owner),
            date_text(a.due_on),
            str(a.get_status_display()) + (f" ({_('overdue')})" if a.is_overdue(today) else ""),
        ]
        for a in actions
    ]
    if not body:
        return Section(_("Action plan"), paragraphs=["—"])
    headers = [_("Action"), _("Initiative"), _("Owner"), _("Due on"), _("Status")]
    return Section(_("Action plan"), table=Table(headers, body))


def account_plan(*, actor: User, key_account: KeyAccount, today: dt.date) -> Document:
    """The full account plan: the brief's sections plus every initiative's objective and the
    actions that carry the initiatives out."""
    base = brief(actor=actor, key_account=key_account, today=today)
    details = [
        f"{i.title}: {i.objective}"
        for i in selectors.initiative_list(actor=actor, key_account=key_account)
        if i.objective
    ]
    plan = selectors.latest_plan(actor=actor, key_account=key_account)
    written = [
        Section(str(label), paragraphs=[getattr(plan, name).strip()])
        for name, label in PLAN_SECTIONS
        if plan is not None and getattr(plan, name).strip()
    ]
    return Document(
        title=_("Account plan: %(name)s") % {"name": key_account.customer.name},
        subtitle=base.subtitle,
        language=base.language,
        footer=base.footer,
        currency=base.currency,
        sections=[
            *base.sections[:4],
            *written,
            Section(_("Objectives of the initiatives"), bullets=details or ["—"]),
            _action_plan(key_account, actor, today),
            *base.sections[4:],
        ],
    )
