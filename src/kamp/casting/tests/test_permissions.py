"""Who sees whose casting: own, manager, director; outsiders 404; read-only 403."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kamp.casting import services
from kamp.casting.permissions import (
    get_assessment_for,
    get_framework_for,
    get_person_for,
    get_proposal_for,
    visible_to,
)
from kamp.organisation.tests.factories import UserFactory

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.casting.tests.conftest import Team

pytestmark = pytest.mark.django_db


def _names(user) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.user.username for p in visible_to(user).select_related("user")}


def test_scopes(cast: Cast, team: Team) -> None:
    assert _names(cast.director) == {"kam", "kam2", "member"}
    assert _names(cast.kam) == {"kam", "member"}  # own and team
    assert _names(team.sophie) == {"kam2"}  # own only
    assert _names(cast.member) == {"member"}
    assert _names(cast.viewer) == set()
    assert _names(cast.outsider) == set()
    assert _names(cast.admin) == {"kam", "kam2", "member"}
    assert {p.user.username for p in visible_to(cast.kam, "change")} == {"member"}


def test_fetch_answers_404_and_403(cast: Cast, team: Team) -> None:
    tiago = team.tiago.public_id
    assert get_person_for(cast.kam, tiago).pk == team.tiago.pk  # manager
    assert get_person_for(cast.member, tiago).pk == team.tiago.pk  # self
    with pytest.raises(Http404):
        get_person_for(team.sophie, tiago)  # a colleague
    with pytest.raises(Http404):
        get_person_for(cast.outsider, tiago)
    with pytest.raises(PermissionDenied):
        get_person_for(cast.member, tiago, "change")  # one's own decision is not one's to make
    with pytest.raises(Http404):
        get_framework_for(cast.outsider, team.framework.public_id)
    with pytest.raises(PermissionDenied):
        get_framework_for(cast.viewer, team.framework.public_id, "change")
    with pytest.raises(Http404):
        get_proposal_for(cast.kam, team.proposal.public_id)
    with pytest.raises(PermissionDenied):
        get_proposal_for(cast.executive, team.proposal.public_id, "change")


def test_peer_rater_answers_but_does_not_see(cast: Cast, team: Team) -> None:
    peer = UserFactory.create(username="peer")
    campaign = services.campaign_create(
        actor=cast.director,
        name="360",
        framework=team.framework,
        people=[team.sophie_p],
        peers={team.sophie_p.pk: [peer]},
    )
    assessment = campaign.assessments.get()
    assert get_assessment_for(peer, assessment.public_id, "rate") == assessment
    with pytest.raises(PermissionDenied):
        get_assessment_for(peer, assessment.public_id, "view")
    with pytest.raises(Http404):
        get_assessment_for(cast.outsider, assessment.public_id, "rate")
    with pytest.raises(PermissionDenied):
        services.ratings_submit(actor=cast.outsider, assessment=assessment, levels={})
