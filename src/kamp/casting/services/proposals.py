"""Assignment proposals: who covers which key account, accepted whole or in part through the
accounts app's ``key_account_update``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.services import key_account_update
from kamp.casting import assign, selectors
from kamp.casting.models import AssignmentLine, AssignmentProposal, Person
from kamp.casting.permissions import can_proposals
from kamp.casting.services._common import require
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kamp.users.models import User


def _candidates() -> list[assign.Candidate]:
    found = []
    for c in selectors.castings(Person.objects.filter(capacity__gt=0)):
        p = c.person
        found.append(
            assign.Candidate(
                key=str(p.user_id),
                profile_fit=c.verdict.fit if c.verdict is not None else 0.0,
                segments=frozenset(p.segments),
                stages=frozenset(p.stages),
                countries=frozenset(p.countries),
                languages=frozenset(p.languages),
                capacity=p.capacity,
            )
        )
    return found


@transaction.atomic
def proposal_create(
    *, actor: User | None, continuity: float = assign.DEFAULT_CONTINUITY
) -> AssignmentProposal:
    """Propose who covers each current key account, beside who covers it now."""
    if actor is not None:
        require(allowed=can_proposals(actor, "change"))
    rows = selectors.key_accounts_for_assignment()
    accounts = [
        assign.Account(
            key=str(r["account"].pk),
            tier=r["tier"],
            segment=r["segment"],
            stage=r["stage"],
            countries=frozenset(r["countries"]),
            current=str(r["account"].kam_id) if r["account"].kam_id else None,
        )
        for r in rows
    ]
    lines = assign.propose(_candidates(), accounts, continuity=continuity)
    proposal = AssignmentProposal.objects.create(created_by=actor, continuity=continuity)
    AssignmentLine.objects.bulk_create(
        AssignmentLine(
            proposal=proposal,
            key_account=r["account"],
            current_id=r["account"].kam_id,
            proposed_id=int(line.proposed) if line.proposed else None,
            fit=line.fit,
            current_fit=line.current_fit,
            met=list(line.met),
            missed=list(line.missed),
        )
        for r, line in zip(rows, lines, strict=True)
    )
    audit_record(
        actor=actor,
        action="casting.proposal.create",
        obj=proposal,
        changes={"changes": [None, sum(1 for line in lines if line.changed)]},
    )
    return proposal


@transaction.atomic
def proposal_accept(
    *, actor: User, proposal: AssignmentProposal, line_ids: Iterable[int] | None = None
) -> list[AssignmentLine]:
    """Accept the whole proposal, or the lines given: each changed account gets its proposed
    KAM through :func:`kamp.accounts.services.key_account_update` (audited there too)."""
    require(allowed=can_proposals(actor, "change"))
    lines = selectors.proposal_lines(proposal).filter(accepted_at__isnull=True)
    if line_ids is not None:
        wanted = set(line_ids)
        lines = lines.filter(pk__in=wanted)
        if lines.count() != len(wanted):
            raise ValidationError(_("Some lines are not open lines of this proposal."))
    accepted = []
    now = timezone.now()
    for line in lines:
        if line.changed and line.proposed is not None:
            key_account_update(actor=actor, key_account=line.key_account, kam=line.proposed)
        line.accepted_at = now
        line.save(update_fields=["accepted_at"])
        accepted.append(line)
    audit_record(
        actor=actor,
        action="casting.proposal.accept",
        obj=proposal,
        changes={"lines": [None, [line.pk for line in accepted]]},
    )
    return accepted
