"""The stakeholder map's analysis: red flags and the org chart, pure functions over plain rows.

Each rule follows the buying-centre guidance of the methodology (section 3.2): a deal needs an
economic buyer and a coach, a hostile decision maker blocks it, a relationship held by a single
person of ours is fragile, and a contact not met for :data:`STALE_DAYS` days is going cold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Days without a meeting after which a contact is flagged.
STALE_DAYS = 90
HOSTILE = frozenset({"enemy", "hostile"})


@dataclass(frozen=True)
class Person:
    """What the rules need to know of one stakeholder."""

    key: int
    name: str
    buying_role: str
    decision_role: str
    attitude: str
    owner_id: int | None
    last_met_on: dt.date | None
    reports_to: int | None = None


@dataclass(frozen=True)
class RedFlag:
    code: str
    message: str
    person: str = ""


def red_flags(people: list[Person], today: dt.date) -> list[RedFlag]:
    """Every red flag of a stakeholder map, account-wide flags first."""
    flags: list[RedFlag] = []
    roles = {p.buying_role for p in people}
    if "economic" not in roles:
        flags.append(RedFlag("no_economic_buyer", _("No economic buyer identified.")))
    if "coach" not in roles:
        flags.append(RedFlag("no_coach", _("No coach: nobody guides us inside the account.")))
    owners = {p.owner_id for p in people if p.owner_id is not None}
    if len(owners) <= 1:
        flags.append(
            RedFlag("single_threaded", _("Single-threaded: one person of ours holds every tie."))
        )
    for p in people:
        if p.decision_role == "decision_maker" and p.attitude in HOSTILE:
            flags.append(RedFlag("hostile_decision_maker", _("Hostile decision maker."), p.name))
    limit = today - dt.timedelta(days=STALE_DAYS)
    for p in people:
        if p.last_met_on is None or p.last_met_on < limit:
            message = _("Not met for %(days)s days.") % {"days": STALE_DAYS}
            flags.append(RedFlag("not_met", message, p.name))
    return flags


@dataclass
class Node:
    """One person of the org chart with the people who report to them."""

    person: Person
    reports: list[Node] = field(default_factory=list)


def org_chart(people: Iterable[Person]) -> list[Node]:
    """The stakeholders as a forest: each under the stakeholder they report to, if mapped.

    A reporting line that loops is cut where it closes, so every person appears once.
    """
    nodes = {p.key: Node(p) for p in people}
    roots: list[Node] = []
    for node in nodes.values():
        boss = node.person.reports_to
        if boss in nodes and not _loops(nodes, node.person.key, boss):
            nodes[boss].reports.append(node)
        else:
            roots.append(node)
    return roots


def _loops(nodes: dict[int, Node], key: int, boss: int | None) -> bool:
    seen = {key}
    while boss is not None and boss in nodes:
        if boss in seen:
            return True
        seen.add(boss)
        boss = nodes[boss].person.reports_to
    return False
