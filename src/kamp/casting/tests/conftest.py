from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from kamp.casting.demo import demo_casting_ensure
from kamp.casting.models import Assessment, AssignmentProposal, Campaign, Framework, Person
from kamp.casting.tests.factories import kam2, key_accounts

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.users.models import User


@dataclass
class Team:
    sophie: User
    lukas: Person
    sophie_p: Person
    tiago: Person
    framework: Framework
    campaign: Campaign
    proposal: AssignmentProposal

    def assessment(self, person: Person) -> Assessment:
        return Assessment.objects.get(campaign=self.campaign, person=person)


@pytest.fixture
def team(cast: Cast) -> Team:
    """The demo's casting: ``kam`` keep, ``kam2`` train, ``member`` transfer_hire; ``kam``
    manages ``member``; the director manages both KAMs."""
    second = kam2()
    key_accounts(cast, second)
    demo_casting_ensure()
    return Team(
        sophie=second,
        lukas=Person.objects.get(user=cast.kam),
        sophie_p=Person.objects.get(user=second),
        tiago=Person.objects.get(user=cast.member),
        framework=Framework.objects.get(key="halifax"),
        campaign=Campaign.objects.get(),
        proposal=AssignmentProposal.objects.get(),
    )
