"""Strategic initiatives: every workflow step and who may take it, actions, overdue follow-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kamp.accounts import services
from kamp.accounts.models import InitiativeAction, InitiativeEvent, KeyAccount, StrategicInitiative
from kamp.accounts.services import key_account_nominate
from kamp.customers.tests.factories import CustomerFactory
from kamp.organisation.tests.factories import MembershipFactory, UserFactory

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.users.models import User

pytestmark = pytest.mark.django_db
Status = StrategicInitiative.Status


@pytest.fixture
def sponsor(cast: Cast) -> User:
    """An executive of one unit only, so not on the committee: only sponsorship lets them decide."""
    user = UserFactory.create(username="sponsor")
    MembershipFactory.create(user=user, role="executive", business_unit=cast.unit)
    return user


@pytest.fixture
def account(cast: Cast, sponsor: User) -> KeyAccount:
    group = CustomerFactory.create(name="Acme Group", business_unit=cast.unit)
    account = key_account_nominate(actor=None, customer=group, tier="gold")
    KeyAccount.objects.filter(pk=account.pk).update(kam=cast.kam, sponsor=sponsor)
    account.refresh_from_db()
    return account


def _draft(cast: Cast, account: KeyAccount) -> StrategicInitiative:
    return services.initiative_create(
        actor=cast.kam, key_account=account, title="Joint innovation lab", objective="Grow"
    )


def _move(actor: User, ini: StrategicInitiative, to: str, comment: str = "") -> None:
    services.initiative_transition(actor=actor, initiative=ini, to_status=to, comment=comment)


def test_draft_submit_validate_with_full_history(
    cast: Cast, account: KeyAccount, sponsor: User
) -> None:
    ini = _draft(cast, account)
    _move(cast.kam, ini, Status.SUBMITTED)
    _move(sponsor, ini, Status.VALIDATED, "Go")
    ini.refresh_from_db()
    assert ini.status == Status.VALIDATED and ini.version == 3
    steps = list(InitiativeEvent.objects.values_list("from_status", "to_status", "comment"))
    assert steps == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "validated", "Go"),
    ]


def test_changes_requested_then_resubmitted_then_rejected(cast: Cast, account: KeyAccount) -> None:
    ini = _draft(cast, account)
    _move(cast.kam, ini, Status.SUBMITTED)
    with pytest.raises(ValidationError, match="Say why"):
        _move(cast.executive, ini, Status.CHANGES_REQUESTED)
    _move(cast.executive, ini, Status.CHANGES_REQUESTED, "Quantify the value")
    services.initiative_update(
        actor=cast.kam, initiative=ini, version=3, expected_value=Decimal(500000)
    )
    _move(cast.kam, ini, Status.SUBMITTED)
    _move(cast.director, ini, Status.REJECTED, "Not this year")
    ini.refresh_from_db()
    assert ini.status == Status.REJECTED and ini.expected_value == 500000


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("draft", "validated"),
        ("draft", "rejected"),
        ("validated", "submitted"),
        ("rejected", "submitted"),
        ("submitted", "submitted"),
        ("draft", "draft"),
    ],
)
def test_illegal_moves_are_refused(cast: Cast, account: KeyAccount, start: str, to: str) -> None:
    ini = _draft(cast, account)
    StrategicInitiative.objects.filter(pk=ini.pk).update(status=start)
    with pytest.raises(ValidationError):
        _move(cast.director, ini, to, "why")


@pytest.mark.parametrize("persona", ["viewer", "member", "pcdirector", "executive", "outsider"])
def test_only_the_kam_owner_or_director_submit(
    cast: Cast, account: KeyAccount, persona: str
) -> None:
    ini = _draft(cast, account)
    with pytest.raises(PermissionDenied):
        _move(getattr(cast, persona), ini, Status.SUBMITTED)


@pytest.mark.parametrize("persona", ["kam", "viewer", "member", "pcdirector", "outsider"])
@pytest.mark.parametrize("to", ["validated", "rejected", "changes_requested"])
def test_only_the_sponsor_or_committee_decide(
    cast: Cast, account: KeyAccount, persona: str, to: str
) -> None:
    ini = _draft(cast, account)
    _move(cast.kam, ini, Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        _move(getattr(cast, persona), ini, to, "why")


def test_the_owner_contributes_and_a_submitted_initiative_is_frozen(
    cast: Cast, account: KeyAccount
) -> None:
    ini = _draft(cast, account)
    services.initiative_update(actor=cast.kam, initiative=ini, version=1, owner=cast.member)
    services.initiative_update(
        actor=cast.member, initiative=ini, version=2, investment=Decimal(1000)
    )
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.initiative_update(actor=cast.kam, initiative=ini, version=2, title="Other")
    _move(cast.member, ini, Status.SUBMITTED)
    with pytest.raises(ValidationError, match="cannot be edited"):
        services.initiative_update(actor=cast.kam, initiative=ini, version=4, title="Late")


def test_actions_their_owners_and_overdue_follow_up(cast: Cast, account: KeyAccount) -> None:
    ini = _draft(cast, account)
    late = services.action_add(
        actor=cast.kam,
        initiative=ini,
        title="Workshop",
        owner=cast.member,
        due_on=dt.date(2020, 1, 1),
    )
    services.action_add(actor=cast.kam, initiative=ini, title="Later", due_on=dt.date(2999, 1, 1))
    today = dt.date.today()
    overdue = InitiativeAction.objects.overdue(today)
    assert list(overdue.for_follow_up(cast.kam)) == [late]
    assert list(overdue.for_follow_up(cast.director)) == [late]
    assert list(overdue.for_follow_up(cast.viewer)) == []
    assert late.is_overdue(today)
    services.action_update(actor=cast.member, action=late, version=1, status="done")
    assert not InitiativeAction.objects.overdue(today).exists()
    with pytest.raises(PermissionDenied):
        services.action_update(actor=cast.member, action=late, version=2, title="Renamed")
    with pytest.raises(PermissionDenied):
        services.action_add(actor=cast.viewer, initiative=ini, title="No")


def test_milestones_and_comments(cast: Cast, account: KeyAccount) -> None:
    ini = _draft(cast, account)
    milestone = services.milestone_add(
        actor=cast.kam, initiative=ini, title="Pilot live", due_on=dt.date(2027, 6, 1)
    )
    services.milestone_set_done(actor=cast.kam, milestone=milestone, done=True)
    assert milestone.done_on is not None
    services.initiative_comment(actor=cast.executive, initiative=ini, comment="Looks good")
    with pytest.raises(PermissionDenied):
        services.initiative_comment(actor=cast.viewer, initiative=ini, comment="Hi")
    with pytest.raises(PermissionDenied):
        services.milestone_add(actor=cast.viewer, initiative=ini, title="x", due_on=dt.date.today())


def test_initiatives_follow_the_account_scope(
    cast: Cast, account: KeyAccount, sponsor: User
) -> None:
    _draft(cast, account)
    assert StrategicInitiative.objects.visible_to(cast.member).count() == 1
    assert StrategicInitiative.objects.visible_to(cast.outsider).count() == 0
    assert StrategicInitiative.objects.visible_to(cast.viewer, "change").count() == 0
    assert StrategicInitiative.objects.visible_to(sponsor, "decide").count() == 1
