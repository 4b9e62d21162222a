"""The editing services: people, campaign kinds and their raters, closing and reopening a
campaign, and role profiles versioned once a closed assessment used them. Audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kamp.casting import selectors, services
from kamp.casting.models import Campaign, Person, Rater, RoleProfile
from kamp.core.models import AuditEvent
from kamp.organisation.tests.factories import UserFactory

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.casting.tests.conftest import Team

pytestmark = pytest.mark.django_db


def _actions(prefix: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith=prefix)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_person_create_and_update(cast: Cast, team: Team) -> None:
    newcomer = UserFactory.create(username="newcomer")
    made = services.person_create(
        actor=cast.director, user=newcomer, manager=cast.kam, languages=["es"], capacity=0.5
    )
    assert made.manager == cast.kam and made.languages == ["es"]
    with pytest.raises(ValidationError):
        services.person_create(actor=cast.director, user=newcomer)
    with pytest.raises(ValidationError):
        services.person_save(actor=cast.director, user=newcomer, manager=newcomer)
    with pytest.raises(PermissionDenied):
        services.person_save(actor=cast.viewer, user=newcomer, capacity=1.0)
    services.person_save(actor=cast.director, user=newcomer, capacity=1.0)
    entry = AuditEvent.objects.filter(action="casting.person.update").latest("id")
    assert entry.changes == {"capacity": ["0.5", "1.0"]}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("self", ["self"]), ("manager", ["manager", "self"]), ("360", ["manager", "peer", "self"])],
)
def test_campaign_kinds_ask_their_raters(
    cast: Cast, team: Team, kind: str, expected: list[str]
) -> None:
    peers = {team.tiago.pk: [team.sophie]} if kind == "360" else None
    campaign = services.campaign_create(
        actor=cast.director,
        name=f"Round {kind}",
        framework=team.framework,
        people=[team.tiago],
        kind=kind,
        peers=peers,
    )
    perspectives = Rater.objects.filter(assessment__campaign=campaign).values_list(
        "perspective", flat=True
    )
    assert sorted(perspectives) == expected
    assert campaign.kind == kind


def test_peers_only_in_a_360(cast: Cast, team: Team) -> None:
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=cast.director,
            name="Self only",
            framework=team.framework,
            people=[team.tiago],
            kind="self",
            peers={team.tiago.pk: [team.sophie]},
        )
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=cast.director, name="Odd", framework=team.framework, people=[], kind="yearly"
        )


def test_closing_a_campaign_closes_answered_assessments(cast: Cast, team: Team) -> None:
    campaign = services.campaign_create(
        actor=cast.director,
        name="Spring",
        framework=team.framework,
        people=[team.tiago, team.sophie_p],
        kind="manager",
    )
    tiago = campaign.assessments.get(person=team.tiago)
    services.ratings_submit(actor=cast.member, assessment=tiago, levels={"influencer": (3, "")})
    services.campaign_close(actor=cast.director, campaign=campaign)
    tiago.refresh_from_db()
    sophie = campaign.assessments.get(person=team.sophie_p)
    assert tiago.closed_at is not None and tiago.profile == team.tiago.profile
    assert sophie.closed_at is None
    with pytest.raises(ValidationError):
        services.ratings_submit(actor=team.sophie, assessment=sophie, levels={"seller": (3, "")})
    with pytest.raises(ValidationError):
        services.campaign_close(actor=cast.director, campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.campaign_open(actor=cast.viewer, campaign=campaign)
    services.campaign_open(actor=cast.director, campaign=campaign)
    services.ratings_submit(actor=team.sophie, assessment=sophie, levels={"seller": (3, "")})
    assert Campaign.objects.get(pk=campaign.pk).status == "open"
    assert _actions("casting.campaign") == [
        "casting.campaign.create",
        "casting.campaign.create",
        "casting.campaign.close",
        "casting.campaign.open",
    ]


def test_editing_a_used_profile_makes_a_new_version(cast: Cast, team: Team) -> None:
    profile = team.lukas.profile
    assert profile is not None and selectors.profile_used(profile)
    rows = [
        {"code": r.competency.code, "level": r.level, "weight": r.weight, "reason": r.reason}
        for r in profile.requirements.select_related("competency")
    ]
    rows[0] = {**rows[0], "level": 5}
    new = services.profile_update(actor=cast.director, profile=profile, requirements=rows)
    assert (new.name, new.version) == (profile.name, 2) and new.pk != profile.pk
    assert Person.objects.filter(profile=new).count() == 3
    assert profile.requirements.get(competency__code=rows[0]["code"]).level != 5
    kept = new.requirements.get(competency__code=rows[1]["code"])
    assert (
        kept.translations == profile.requirements.get(competency__code=rows[1]["code"]).translations
    )
    assert list(selectors.profiles().filter(name=profile.name)) == [new]
    with pytest.raises(ValidationError):
        services.profile_update(actor=cast.director, profile=profile, requirements=rows)
    again = services.profile_update(actor=cast.director, profile=new, requirements=rows[:3])
    assert again.pk == new.pk and again.requirements.count() == 3
    assert "casting.profile.version" in _actions("casting.profile")


def test_profile_rows_are_checked(cast: Cast, team: Team) -> None:
    unused = RoleProfile.objects.get(name="Global key account manager")
    bad = [
        [{"code": "seller", "level": 6}],
        [{"code": "juggler", "level": 3}],
        [{"code": "seller", "level": 3}, {"code": "seller", "level": 4}],
        [{"code": "seller", "level": 3, "weight": -1}],
        [],
    ]
    for rows in bad:
        with pytest.raises(ValidationError):
            services.profile_update(actor=cast.director, profile=unused, requirements=rows)
    with pytest.raises(PermissionDenied):
        services.profile_update(
            actor=cast.viewer, profile=unused, requirements=[{"code": "seller", "level": 3}]
        )
    changed = services.profile_update(
        actor=cast.director,
        profile=unused,
        requirements=[{"code": "seller", "level": 4, "reason": "Hunting."}],
        reason="Sellers first.",
        translations={"es": {"reason": "Primero, vendedores."}},
    )
    assert changed.pk == unused.pk and changed.version == 1
    assert changed.translations == {"es": {"reason": "Primero, vendedores."}}
    assert changed.requirements.get().translations == {}
