"""The casting pages as each persona sees them, with constant query counts on list pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kamp.accounts.models import KeyAccount
from kamp.casting import services
from kamp.casting.models import Framework, Person, Rater
from kamp.organisation.models import Membership
from kamp.organisation.tests.factories import MembershipFactory, UserFactory

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.casting.tests.conftest import Team
    from kamp.users.models import User

pytestmark = pytest.mark.django_db
LISTS = ["casting:team", "casting:framework-list", "casting:profile-list", "casting:campaign-list"]


def _get(client: Client, user: User, url: str) -> int:
    client.force_login(user)
    return client.get(url).status_code


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(cast: Cast, team: Team) -> None:
    """One more person, profile, framework and campaign."""
    user = UserFactory.create(username="extra")
    MembershipFactory.create(user=user, role=Membership.Role.KAM, business_unit=None)
    person = services.person_save(
        actor=cast.director, user=user, manager=cast.director, profile=team.sophie_p.profile
    )
    services.framework_install_preset(actor=cast.director, key="akam")
    services.profile_derive(
        actor=cast.director, name="Extra", role="kam", framework=team.framework, objective="growth"
    )
    campaign = services.campaign_create(
        actor=cast.director, name="More", framework=team.framework, people=[person]
    )
    services.ratings_submit(
        actor=cast.director, assessment=campaign.assessments.get(), levels={"seller": (3, "")}
    )
    services.assessment_close(actor=cast.director, assessment=campaign.assessments.get())


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_cost_a_constant_number_of_queries(
    client: Client, cast: Cast, team: Team, name: str
) -> None:
    client.force_login(cast.director)
    url = reverse(name)
    before = _queries(client, url)
    _grow(cast, team)
    assert _queries(client, url) == before


def test_team_page_counts_queries(
    client: Client, cast: Cast, team: Team, django_assert_num_queries: object
) -> None:
    client.force_login(cast.director)
    url = reverse("casting:team")
    expected = _queries(client, url)
    with django_assert_num_queries(expected):  # type: ignore[operator]
        client.get(url)
    assert expected <= 12


def test_team_page_shows_decisions_and_heat_map(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.director)
    page = client.get(reverse("casting:team")).content.decode()
    for text in ("Keep", "Train", "Transfer and hire", "gap-heatmap", "Vacancies to hire for"):
        assert text in page
    client.force_login(cast.kam)
    page = client.get(reverse("casting:team")).content.decode()
    assert str(team.sophie_p) not in page and str(team.tiago) in page


def test_person_page(client: Client, cast: Cast, team: Team) -> None:
    url = reverse("casting:person-detail", args=[team.sophie_p.public_id])
    client.force_login(team.sophie)
    page = client.get(url).content.decode()
    assert "person-chart" in page and "Development plan" in page and "Training: Seller" in page
    assert _get(client, cast.kam, url) == 404
    assert _get(client, cast.outsider, url) == 404
    assert _get(client, cast.director, url) == 200


def test_outsider_gets_404_and_read_only_403(client: Client, cast: Cast, team: Team) -> None:
    for name in LISTS:
        assert _get(client, cast.outsider, reverse(name)) == 404
    assert _get(client, cast.viewer, reverse("casting:framework-list")) == 200
    client.force_login(cast.viewer)
    assert client.post(reverse("casting:framework-preset", args=["akam"])).status_code == 403
    assert client.get(reverse("casting:profile-derive")).status_code == 403
    edit = reverse("casting:competency-edit", args=[team.framework.public_id, "seller"])
    assert client.get(edit).status_code == 403
    assert _get(client, cast.kam, reverse("casting:proposal-latest")) == 404


def test_framework_pages_and_edit(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.director)
    assert client.post(reverse("casting:framework-preset", args=["akam"])).status_code == 302
    detail = client.get(reverse("casting:framework-detail", args=[team.framework.public_id]))
    assert "Mobilises executives" in detail.content.decode()
    edit = reverse("casting:competency-edit", args=[team.framework.public_id, "seller"])
    data = {f"anchor_{n}": f"level {n}" for n in range(1, 6)}
    data |= {"name": "Hunter", "kind": "learnable", "importance": "critical", "notes": "growth"}
    assert client.post(edit, data).status_code == 302
    assert Framework.objects.filter(key="halifax").count() == 2


def test_derive_profile_page(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.director)
    url = reverse("casting:profile-derive")
    assert client.get(url).status_code == 200
    data = {"name": "Hunters", "role": "global_kam", "framework": team.framework.pk,
            "objective": "growth"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    assert "Raised for the programme" in client.get(response["Location"]).content.decode()


def test_answer_form_and_close(client: Client, cast: Cast, team: Team) -> None:
    campaign = services.campaign_create(
        actor=cast.director, name="Q3", framework=team.framework, people=[team.tiago]
    )
    assessment = campaign.assessments.get()
    client.force_login(cast.member)
    assert (
        "Q3"
        in client.get(
            reverse("casting:campaign-detail", args=[campaign.public_id])
        ).content.decode()
    )
    url = reverse("casting:assessment-rate", args=[assessment.public_id])
    assert client.get(url).status_code == 200
    codes = [c.code for c in team.framework.competencies.all()]
    data = {f"level_{c}": "3" for c in codes} | {"evidence_seller": "Won two deals."}
    assert client.post(url, data).status_code == 302
    assert Rater.objects.get(assessment=assessment, user=cast.member).submitted_at is not None
    close = reverse("casting:assessment-close", args=[assessment.public_id])
    assert client.post(close).status_code == 403  # nobody closes their own
    client.force_login(cast.kam)  # the manager
    assert client.post(close).status_code == 302
    assessment.refresh_from_db()
    assert assessment.closed_at is not None
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_assignment_accept_with_confirmation(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.director)
    url = reverse("casting:proposal-detail", args=[team.proposal.public_id])
    assert client.get(reverse("casting:proposal-latest"))["Location"] == url
    page = client.get(url).content.decode()
    assert "Accept all" in page and "meets" in page
    accept = reverse("casting:proposal-accept", args=[team.proposal.public_id])
    before = dict(KeyAccount.objects.values_list("pk", "kam_id"))
    confirm = client.post(accept, {"all": "1"})
    assert confirm.status_code == 200 and "Confirm the assignment" in confirm.content.decode()
    assert dict(KeyAccount.objects.values_list("pk", "kam_id")) == before
    assert client.post(accept, {"all": "1", "confirm": "1"}).status_code == 302
    assert dict(KeyAccount.objects.values_list("pk", "kam_id")) != before
    client.force_login(cast.executive)
    assert client.get(url).status_code == 200
    assert client.post(accept, {"all": "1", "confirm": "1"}).status_code == 403
    assert client.post(reverse("casting:proposal-create")).status_code == 403
    client.force_login(cast.director)
    assert client.post(reverse("casting:proposal-create")).status_code == 302
    assert Person.objects.count() == 3


def test_no_proposal_yet(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    page = client.get(reverse("casting:proposal-latest"))
    assert page.status_code == 200 and "No proposal yet" in page.content.decode()
