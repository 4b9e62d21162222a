"""The fixed cast of test personas, one per role plus an outsider and an admin.

Unit-scoped personas (``pcdirector``, ``member``) cover business unit ``cast.unit``; the other
unit, ``cast.other_unit``, serves customers they must not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from kamp.organisation.models import BusinessUnit, Membership
from kamp.organisation.tests.factories import BusinessUnitFactory, MembershipFactory, UserFactory

if TYPE_CHECKING:
    from kamp.users.models import User

Role = Membership.Role
PASSWORD = "pw-for-tests"


@dataclass
class Cast:
    director: User
    kam: User
    executive: User
    pcdirector: User
    member: User
    viewer: User
    outsider: User
    admin: User
    unit: BusinessUnit
    other_unit: BusinessUnit


@pytest.fixture
def cast(db: None) -> Cast:
    unit = BusinessUnitFactory.create(code="IND", name="Industrial")
    other = BusinessUnitFactory.create(code="ENV", name="Environmental")

    def person(username: str, role: str | None, *, scoped: bool = False) -> User:
        user = UserFactory.create(username=username)
        if role is not None:
            MembershipFactory.create(user=user, role=role, business_unit=unit if scoped else None)
        return user

    admin = UserFactory.create(username="admin", is_staff=True, is_superuser=True)
    pcdirector = person("pcdirector", Role.PC_DIRECTOR, scoped=True)
    unit.director = pcdirector
    unit.save()
    return Cast(
        director=person("director", Role.PROGRAMME_DIRECTOR),
        kam=person("kam", Role.KAM),
        executive=person("executive", Role.EXECUTIVE),
        pcdirector=pcdirector,
        member=person("member", Role.TEAM_MEMBER, scoped=True),
        viewer=person("viewer", Role.VIEWER),
        outsider=person("outsider", None),
        admin=admin,
        unit=unit,
        other_unit=other,
    )
