"""Framework and profile content in en, es and fr: the presets, the pages and the API in the
reader's language, and editing that keeps versions and drops stale translations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kamp.casting import services
from kamp.casting.commands import casting_report
from kamp.casting.content import check, language, localized
from kamp.casting.models import Competency, Framework
from kamp.casting.presets import PRESETS, preset
from tests.openapi import api_client_for

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast
    from kamp.casting.tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_is_written_in_three_languages(key: str) -> None:
    data = preset(key)
    assert set(data["translations"]) == {"es", "fr"}
    for item in data["competencies"]:
        for lang in ("es", "fr"):
            found = item["translations"][lang]
            assert found["name"] and found["description"]
            assert len(found["anchors"]) == 5
            assert found["name"] != item["name"] or key == "halifax" and item["code"] == "leader"
            assert all(a not in item["anchors"] for a in found["anchors"])


def test_localized_falls_back_to_english_field_by_field(team: Team) -> None:
    leader = team.framework.competencies.get(code="seller")
    assert localized(leader, "name", "es") == "Vendedor"
    assert localized(leader, "name", "fr") == "Vendeur"
    assert localized(leader, "name", "de") == "Seller"
    assert localized(leader, "anchors", "fr")[0] == "Prend les commandes ; remise pour gagner."
    leader.translations = {"fr": {"name": "Vendeur"}}
    assert localized(leader, "anchors", "fr") == leader.anchors
    with translation.override("es-ES"):
        assert language() == "es"


def test_check_refuses_unknown_languages_and_short_anchors() -> None:
    fields = ("name", "anchors")
    assert check({"es": {"name": "  ", "anchors": []}}, fields) == {}
    with pytest.raises(ValidationError):
        check({"de": {"name": "Verkäufer"}}, fields)
    with pytest.raises(ValidationError):
        check({"es": {"anchors": ["uno", "dos"]}}, fields)
    with pytest.raises(ValidationError):
        check({"es": {"kind": "x"}}, fields)


@pytest.mark.parametrize(
    ("lang", "name", "anchor"),
    [
        ("es", "Vendedor", "Toma pedidos; hace descuentos para ganar."),
        ("fr", "Vendeur", "Prend les commandes ; remise pour gagner."),
        ("en", "Seller", "Takes orders; discounts to win."),
    ],
)
def test_framework_page_in_the_readers_language(
    client: Client, cast: Cast, team: Team, lang: str, name: str, anchor: str
) -> None:
    client.force_login(cast.viewer)
    url = reverse("casting:framework-detail", args=[team.framework.public_id])
    page = client.get(url, headers={"Accept-Language": lang}).content.decode()
    assert name in page and anchor in page


def test_profile_page_shows_translated_reasons(client: Client, cast: Cast, team: Team) -> None:
    client.force_login(cast.viewer)
    profile = team.lukas.profile
    assert profile is not None
    url = reverse("casting:profile-detail", args=[profile.public_id])
    page = client.get(url, headers={"Accept-Language": "fr"}).content.decode()
    assert "Vendeur" in page
    for r in profile.requirements.all():
        assert localized(r, "reason", "fr").replace("'", "&#x27;") in page


def test_api_answers_in_the_accept_language(client: Client, cast: Cast, team: Team) -> None:
    api = api_client_for(client, cast.viewer)
    url = f"/api/v1/casting/frameworks/{team.framework.public_id}"
    api.headers["Accept-Language"] = "es"
    body = api.get(url).json()
    assert body["language"] == "es"
    assert body["name"] == "Perfil de casting del KAM (método)"
    seller = next(c for c in body["competencies"] if c["code"] == "seller")
    assert seller["name"] == "Vendedor" and seller["translations"]["fr"]["name"] == "Vendeur"
    api.headers["Accept-Language"] = "fr"
    assert api.get(url).json()["name"] == "Profil de casting du KAM (méthode)"
    del api.headers["Accept-Language"]
    assert api.get(url).json()["name"] == "KAM casting profile (method)"


def test_the_cli_report_stays_english(team: Team) -> None:
    with translation.override("fr"):
        report = casting_report()
    assert {p["profile"] for p in report["people"]} == {"Key account manager (growth)"}
    assert {g["competency"] for p in report["people"] for g in p["gaps"]} >= {"seller"}


def test_editing_a_competency_versions_and_keeps_translations(cast: Cast, team: Team) -> None:
    before = team.framework
    seller = before.competencies.get(code="seller")
    anchors = [*seller.anchors[:4], "Builds joint ventures with the customer."]
    new = services.framework_update_competency(
        actor=cast.director, framework=before, code="seller", anchors=anchors, notes="level 5"
    )
    assert new.version == before.version + 1
    changed = new.competencies.get(code="seller")
    assert changed.translations["es"]["name"] == "Vendedor"
    assert "anchors" not in changed.translations["es"]
    assert localized(changed, "anchors", "es") == anchors
    untouched = new.competencies.get(code="leader")
    assert localized(untouched, "name", "fr") == "Leader"
    assert new.translations["es"]["name"] == before.translations["es"]["name"]
    assert Competency.objects.get(pk=seller.pk).translations == seller.translations


def test_competency_form_saves_translations_as_a_new_version(
    client: Client, cast: Cast, team: Team
) -> None:
    client.force_login(cast.director)
    url = reverse("casting:competency-edit", args=[team.framework.public_id, "seller"])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"name_es": "Vendedora", "anchors_fr": "un\ndeux\ntrois", "notes": "es"}
    assert client.post(url, data).status_code == 200
    data["anchors_fr"] = "un\ndeux\ntrois\nquatre\ncinq"
    assert client.post(url, data).status_code == 302
    newest = Framework.objects.filter(key="halifax").order_by("-version").first()
    assert newest is not None and newest.version == team.framework.version + 1
    seller = newest.competencies.get(code="seller")
    assert localized(seller, "name", "es") == "Vendedora"
    assert localized(seller, "anchors", "fr")[4] == "cinq"


def test_derived_profile_reasons_in_three_languages(cast: Cast, team: Team) -> None:
    with translation.override("fr"):
        profile = services.profile_derive(
            actor=cast.director,
            name="Hunters",
            role="team_lead",
            framework=team.framework,
            objective="growth",
        )
    leader = profile.requirements.get(competency__code="leader")
    assert leader.reason == "A team lead leads the account team."
    for lang in ("es", "fr"):
        with translation.override(lang):
            expected = gettext("A team lead leads the account team.")
        assert localized(leader, "reason", lang) == expected
    assert profile.reason.startswith("Derived from")
