"""The director's editing pages: people, campaigns and profiles line by line; 403 for
readers, 404 for outsiders; confirmation before closing; empty states."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from kamp.casting.models import Campaign, Person, Rater, RoleProfile
from kamp.organisation.tests.factories import CountryFactory, UserFactory

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.casting.tests.conftest import Team
    from kamp.users.models import User

pytestmark = pytest.mark.django_db


def _status(client: Client, user: User, url: str, data: dict[str, object] | None = None) -> int:
    client.force_login(user)
    return (client.post(url, data or {}) if data is not None else client.get(url)).status_code


def test_editing_pages_are_the_directors(client: Client, cast: Cast, team: Team) -> None:
    profile = team.lukas.profile
    assert profile is not None
    urls = [
        reverse("casting:person-create"),
        reverse("casting:campaign-create"),
        reverse("casting:campaign-close", args=[team.campaign.public_id]),
        reverse("casting:profile-edit", args=[profile.public_id]),
    ]
    for url in urls:
        assert _status(client, cast.director, url) == 200, url
        assert _status(client, cast.viewer, url) == 403, url
        assert _status(client, cast.outsider, url) == 404, url
    # The manager sees Tiago but may not edit his casting record; others do not see him.
    edit = reverse("casting:person-edit", args=[team.tiago.public_id])
    assert _status(client, cast.director, edit) == 200
    assert _status(client, cast.kam, edit) == 403
    assert _status(client, cast.member, edit) == 403
    assert _status(client, cast.viewer, edit) == 404
    assert _status(client, cast.outsider, edit) == 404
    open_url = reverse("casting:campaign-open", args=[team.campaign.public_id])
    assert _status(client, cast.viewer, open_url, {}) == 403
    assert _status(client, cast.outsider, open_url, {}) == 404


def test_person_create_and_edit(client: Client, cast: Cast, team: Team) -> None:
    CountryFactory.create(code="PT", name="Portugal")
    UserFactory.create(username="newcomer")
    client.force_login(cast.director)
    page = client.get(reverse("casting:team")).content.decode()
    assert reverse("casting:person-create") in page
    url = reverse("casting:person-create")
    data = {
        "username": "newcomer",
        "manager": "kam",
        "profile": str(RoleProfile.objects.get(name="Key-account team lead").pk),
        "languages": "pt, EN",
        "countries": "pt, XX",
        "segments": "Water, Food & beverage",
        "stages": "basic",
        "capacity": "0.5",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "XX" in response.content.decode()
    response = client.post(url, {**data, "countries": "pt, es"})
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(user__username="newcomer")
    assert person.countries == ["PT", "ES"] and person.languages == ["pt", "en"]
    assert person.segments == ["Water", "Food & beverage"] and person.manager == cast.kam
    again = client.post(url, {**data, "countries": "pt"})
    assert again.status_code == 200 and "already" in again.content.decode()
    edit = reverse("casting:person-edit", args=[person.public_id])
    assert client.get(edit).context["form"].initial["countries"] == "PT, ES"
    response = client.post(edit, {**data, "manager": "", "countries": "PT", "capacity": "1"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.manager is None and person.capacity == 1.0


def test_campaign_create_with_peers(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.director)
    url = reverse("casting:campaign-create")
    data = {
        "name": "Autumn 360",
        "framework": str(team.framework.pk),
        "kind": "360",
        "people": [str(team.tiago.pk), str(team.sophie_p.pk)],
        "min_raters": "3",
        "peers": "member: kam2, viewer\nnobody: kam",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "Line 2" in response.content.decode()
    assert client.post(url, {**data, "kind": "self", "peers": "member: kam2"}).status_code == 200
    response = client.post(url, {**data, "peers": "member: kam2, viewer"})
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="Autumn 360")
    raters = Rater.objects.filter(assessment__campaign=campaign, assessment__person=team.tiago)
    assert sorted(raters.values_list("perspective", flat=True)) == [
        "manager",
        "peer",
        "peer",
        "self",
    ]
    detail = client.get(reverse("casting:campaign-detail", args=[campaign.public_id]))
    page = detail.content.decode()
    assert "peers 2" in page and cast.viewer.get_full_name() not in page


def test_campaign_create_empty_state(client: Client, cast: Cast) -> None:
    client.force_login(cast.director)
    page = client.get(reverse("casting:campaign-create")).content.decode()
    assert reverse("casting:person-create") in page
    listing = client.get(reverse("casting:campaign-list")).content.decode()
    assert reverse("casting:campaign-create") in listing


def test_closing_asks_first_then_reopens(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.director)
    close = reverse("casting:campaign-close", args=[team.campaign.public_id])
    page = client.get(close)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Campaign.objects.get(pk=team.campaign.pk).status == "open"
    assert client.post(close).status_code == 302
    assert Campaign.objects.get(pk=team.campaign.pk).status == "closed"
    detail = client.get(reverse("casting:campaign-detail", args=[team.campaign.public_id]))
    assert (
        reverse("casting:campaign-open", args=[team.campaign.public_id]) in detail.content.decode()
    )
    assert (
        client.post(reverse("casting:campaign-open", args=[team.campaign.public_id])).status_code
        == 302
    )
    assert Campaign.objects.get(pk=team.campaign.pk).status == "open"


def test_profile_edit_line_by_line(client: Client, cast: Cast, team: Team) -> None:
    profile = team.lukas.profile
    assert profile is not None
    client.force_login(cast.director)
    url = reverse("casting:profile-edit", args=[profile.public_id])
    page = client.get(url)
    assert "new version" in page.content.decode()
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data |= {"level_seller": "5", "level_technical": ""}
    assert client.post(url, {"reason": "x"}).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    new = RoleProfile.objects.get(name=profile.name, version=2)
    assert response["Location"] == reverse("casting:profile-detail", args=[new.public_id])
    levels = dict(new.requirements.values_list("competency__code", "level"))
    assert levels["seller"] == 5 and "technical" not in levels
    old = client.get(reverse("casting:profile-detail", args=[profile.public_id])).content.decode()
    assert (
        "older version" in old
        and reverse("casting:profile-edit", args=[profile.public_id]) not in old
    )
    assert client.get(url).status_code == 302
