"""Writes on the account team and its RACI chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    KeyAccount,
    RaciAssignment,
    StrategicInitiative,
    TeamMember,
)
from kamp.accounts.services.common import require_manage
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    from kamp.users.models import User


@transaction.atomic
def team_member_add(
    *,
    actor: User | None,
    key_account: KeyAccount,
    role: str,
    user: User | None = None,
    name: str = "",
    allocation: int = 10,
    check: bool = True,
) -> TeamMember:
    """Add a user, or a person without a login, to the account's team (its KAM, the director)."""
    require_manage(actor, key_account, check=check)
    if user is not None and key_account.team.filter(user=user).exists():
        raise ValidationError({"user": _("Already in the team.")})
    member = TeamMember(
        key_account=key_account, user=user, name=name, role=role, allocation=allocation
    )
    member.full_clean()
    member.save()
    audit_record(actor=actor, action="team.add", obj=member, changes={"role": [None, role]})
    return member


@transaction.atomic
def team_member_remove(*, actor: User, member: TeamMember) -> None:
    """Take someone off the team (their RACI parts go with them)."""
    require_manage(actor, member.key_account, check=True)
    audit_record(actor=actor, action="team.remove", obj=member)
    member.delete()


@transaction.atomic
def raci_set(
    *,
    actor: User | None,
    initiative: StrategicInitiative,
    member: TeamMember,
    letter: str,
    check: bool = True,
) -> RaciAssignment | None:
    """Set a member's part (R, A, S, C, I) in an initiative; an empty letter clears it.

    An initiative has one accountable person: giving someone else the A is refused.
    """
    require_manage(actor, initiative.key_account, check=check)
    if member.key_account_id != initiative.key_account_id:
        raise ValidationError(_("This person is not in the account's team."))
    RaciAssignment.objects.filter(initiative=initiative, member=member).delete()
    if not letter:
        return None
    if letter == "A" and initiative.raci.filter(letter="A").exists():
        raise ValidationError({"letter": _("The initiative already has someone accountable.")})
    assignment = RaciAssignment(initiative=initiative, member=member, letter=letter)
    assignment.full_clean()
    assignment.save()
    audit_record(actor=actor, action="raci.set", obj=assignment, changes={"letter": [None, letter]})
    return assignment
