"""What ``kamp casting`` does, as plain functions returning JSON-ready dictionaries (the CLI
only parses options and prints). Needs Django set up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from kamp.casting import importers, selectors, services
from kamp.casting.models import Campaign, Framework, Person
from kamp.casting.rules import vacancies

if TYPE_CHECKING:
    from pathlib import Path

    from kamp.users.models import User


def casting_report(profile: str | None = None) -> dict[str, Any]:
    """``{"people": [{person, profile, fit, decision, gaps: [...]}], "vacancies": [...]}``."""
    people = []
    verdicts = {}
    for c in selectors.castings(Person.objects.all(), profile):
        if c.verdict is None or c.profile is None:
            continue
        name = c.person.user.get_username()
        verdicts[name] = (c.profile.name, c.verdict)
        people.append(
            {
                "person": name,
                "profile": c.profile.name,
                "fit": round(c.verdict.fit, 4),
                "decision": c.verdict.decision,
                "reason": c.verdict.reason,
                "gaps": [g.as_dict() for g in c.verdict.gaps],
            }
        )
    return {
        "people": people,
        "vacancies": [{"profile": v.profile, "replaces": v.replaces} for v in vacancies(verdicts)],
    }


def casting_assign(actor: User | None = None) -> dict[str, Any]:
    """Make an assignment proposal: ``{"proposal", "assignments": [{account, kam, fit,
    changed, current}]}`` (nothing changes until the director accepts it)."""
    proposal = services.proposal_create(actor=actor)
    return {
        "proposal": str(proposal.public_id),
        "assignments": [
            {
                "account": str(line.key_account),
                "kam": line.proposed.get_username() if line.proposed else None,
                "current": line.current.get_username() if line.current else None,
                "fit": round(line.fit, 4),
                "changed": line.changed,
            }
            for line in selectors.proposal_lines(proposal)
        ],
    }


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(f"{path}: cannot read ({error}).") from None


def casting_import_assessments(
    path: Path, campaign: str, *, actor: User | None = None
) -> dict[str, Any]:
    """Levels from ``path`` (CSV ``person,competency,level`` or TOML ``[[rows]]``) as closed
    assessments of the campaign named ``campaign``."""
    found = Campaign.objects.select_related("framework").filter(name=campaign).first()
    if found is None:
        raise ValidationError(f"No campaign named {campaign!r}.")
    made = importers.import_assessments(
        actor=actor, campaign=found, text=_read(path), name=path.name
    )
    return {"imported": [a.person.user.get_username() for a in made]}


def casting_import_profiles(
    path: Path, framework: str, role: str = "kam", *, actor: User | None = None
) -> dict[str, Any]:
    """Role profiles from ``path`` (the ``person`` column names the profile; ``weight`` and
    ``reason`` optional) on the newest version of framework ``framework`` (its key)."""
    found = Framework.objects.filter(key=framework).order_by("-version").first()
    if found is None:
        raise ValidationError(f"No framework with key {framework!r}.")
    made = importers.import_profile(
        actor=actor, framework=found, role=role, text=_read(path), name=path.name
    )
    return {"profiles": [p.name for p in made]}
