"""The stakeholder map's analysis: red flags and the org chart, pure functions over plain rows.

The rules follow the buying-centre guidance of the methodology (``kam-methodology.md`` §3.2):

- each of Miller Heiman's four buying roles (economic, user and technical buyer, coach) needs
  someone: a role with nobody is flagged (§3.2, "a red flag for any MH role with nobody
  assigned");
- any hostile person of high influence is flagged, whatever their role in the decision (§3.2:
  influence and attitude are rated per contact, and a hostile attitude is the red-flag side);
- a relationship held by a single person of ours is fragile (single-threaded);
- nobody at decision level (a decision maker, an approver or the economic buyer) met for
  :data:`DECISION_CONTACT_DAYS` days is flagged once for the account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Days without meeting anyone at decision level after which the account is flagged. The
#: reference (§3.2) gives no number: 90 days, one quarter, is a design default of kamp.
#: Override it with the ``KAMP_DECISION_CONTACT_DAYS`` setting.
DECISION_CONTACT_DAYS = 90
HOSTILE = frozenset({"enemy", "hostile"})
#: Who is at decision level: the roles in the decision, and the economic buyer.
DECISION_ROLES = frozenset({"decision_maker", "approver"})


def buying_roles() -> list[tuple[str, str, str]]:
    """Miller Heiman's four buying roles: (role, flag code, message when nobody holds it)."""
    return [
        ("economic", "no_economic_buyer", _("No economic buyer identified.")),
        ("user", "no_user_buyer", _("No user buyer identified.")),
        ("technical", "no_technical_buyer", _("No technical buyer identified.")),
        ("coach", "no_coach", _("No coach: nobody guides us inside the account.")),
    ]


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
    influence: str = "medium"

    @property
    def at_decision_level(self) -> bool:
        return self.decision_role in DECISION_ROLES or self.buying_role == "economic"


@dataclass(frozen=True)
class RedFlag:
    code: str
    message: str
    person: str = ""


def red_flags(
    people: list[Person], today: dt.date, *, decision_days: int = DECISION_CONTACT_DAYS
) -> list[RedFlag]:
    """Every red flag of a stakeholder map, account-wide flags first."""
    flags: list[RedFlag] = []
    roles = {p.buying_role for p in people}
    flags.extend(
        RedFlag(code, message) for role, code, message in buying_roles() if role not in roles
    )
    owners = {p.owner_id for p in people if p.owner_id is not None}
    if len(owners) <= 1:
        flags.append(
            RedFlag("single_threaded", _("Single-threaded: one person of ours holds every tie."))
        )
    deciders = [p for p in people if p.at_decision_level]
    limit = today - dt.timedelta(days=decision_days)
    if deciders and not any(p.last_met_on and p.last_met_on >= limit for p in deciders):
        message = _("Nobody at decision level met for %(days)s days.") % {"days": decision_days}
        flags.append(RedFlag("decision_level_not_met", message))
    for p in people:
        if p.influence == "high" and p.attitude in HOSTILE:
            flags.append(RedFlag("hostile_influential", _("Hostile, with high influence."), p.name))
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
