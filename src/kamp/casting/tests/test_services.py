"""Services: versioned frameworks, derived profiles, anonymity of peers at closing, and the
director's acceptance of an assignment through the accounts app."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kamp.accounts.models import KeyAccount
from kamp.casting import selectors, services
from kamp.casting.models import AttainedLevel, Framework, RoleProfile
from kamp.core.models import AuditEvent
from kamp.organisation.tests.factories import UserFactory

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.casting.tests.conftest import Team

pytestmark = pytest.mark.django_db


def test_editing_a_competency_makes_a_new_version(cast: Cast, team: Team) -> None:
    v2 = services.framework_update_competency(
        actor=cast.director, framework=team.framework, code="seller", name="Hunter", notes="why"
    )
    assert (v2.key, v2.version) == ("halifax", 2)
    assert v2.competencies.get(code="seller").name == "Hunter"
    assert team.framework.competencies.get(code="seller").name == "Seller"
    # the assessments keep theirs
    assert team.campaign.framework_id == team.framework.pk
    with pytest.raises(PermissionDenied):
        services.framework_update_competency(
            actor=cast.kam, framework=team.framework, code="seller", name="x"
        )
    with pytest.raises(ValidationError):
        services.framework_update_competency(
            actor=cast.director, framework=team.framework, code="nope", name="x"
        )
    assert services.framework_install_preset(actor=cast.director, key="halifax") == v2


def test_framework_checks_anchors(cast: Cast) -> None:
    item = {"code": "a", "name": "A", "kind": "learnable", "importance": "critical"}
    data = {"name": "F", "competencies": [item | {"anchors": ["1"]}]}
    with pytest.raises(ValidationError, match="five behaviour anchors"):
        services.framework_create(actor=cast.director, key="f", data=data)
    assert not Framework.objects.filter(key="f").exists()


def test_growth_weighs_seller_and_visionary(cast: Cast, team: Team) -> None:
    growth = RoleProfile.objects.get(name="Key account manager (growth)")
    req = {r.competency.code: (r.level, r.weight) for r in growth.requirements.all()}
    assert req["seller"] == (4, 4.0) and req["visionary"] == (4, 2.0)
    assert req["planner"] == (3, 2.0) and req["technical"] == (3, 1.0)
    balanced = services.profile_derive(
        actor=cast.director, name="B", role="kam", framework=team.framework, objective="balanced"
    )
    assert {r.competency.code: r.level for r in balanced.requirements.all()}["seller"] == 3


def test_peers_count_only_from_the_minimum(cast: Cast, team: Team) -> None:
    peers = [UserFactory.create(username=f"p{n}") for n in range(3)]
    campaign = services.campaign_create(
        actor=cast.director,
        name="360",
        framework=team.framework,
        people=[team.sophie_p],
        peers={team.sophie_p.pk: peers},
    )
    assessment = campaign.assessments.get()
    for peer in peers[:2]:
        services.ratings_submit(actor=peer, assessment=assessment, levels={"seller": (1, "")})
    # self 4, two peers at 1 (below three: left out) → 4
    services.ratings_submit(actor=team.sophie, assessment=assessment, levels={"seller": (4, "")})
    views = selectors.ratings_by_perspective(assessment)
    assert views["seller"]["peer"] == [1, 1]
    services.ratings_submit(actor=peers[2], assessment=assessment, levels={"seller": (1, "e")})
    services.assessment_close(actor=cast.director, assessment=assessment)
    # with three peers their mean counts once: (4 + 1) / 2 = 2.5 → 3
    assert AttainedLevel.objects.get(assessment=assessment, competency__code="seller").level == 3
    rated = AuditEvent.objects.filter(action="casting.assessment.rate", object_id=assessment.pk)
    assert {e.actor_id for e in rated} == {None, team.sophie.pk}  # peers: no actor
    with pytest.raises(ValidationError):
        services.assessment_close(actor=cast.director, assessment=assessment)
    with pytest.raises(ValidationError):
        services.ratings_submit(actor=team.sophie, assessment=assessment, levels={})


def test_director_accepts_part_of_a_proposal(cast: Cast, team: Team) -> None:
    lines = list(selectors.proposal_lines(team.proposal))
    changed = [line for line in lines if line.changed]
    assert changed, "the demo proposal moves at least one account"
    line = changed[0]
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=cast.kam, proposal=team.proposal, line_ids=[line.pk])
    services.proposal_accept(actor=cast.director, proposal=team.proposal, line_ids=[line.pk])
    assert KeyAccount.objects.get(pk=line.key_account_id).kam_id == line.proposed_id
    assert AuditEvent.objects.filter(action="key_account.update").exists()
    assert AuditEvent.objects.filter(action="casting.proposal.accept").exists()
    with pytest.raises(ValidationError):
        services.proposal_accept(actor=cast.director, proposal=team.proposal, line_ids=[line.pk])
    services.proposal_accept(actor=cast.director, proposal=team.proposal)
    for line in selectors.proposal_lines(team.proposal):
        assert line.accepted_at is not None
        assert KeyAccount.objects.get(pk=line.key_account_id).kam_id == line.proposed_id
