"""The selection pages as each persona sees them: segments, models, runs, drill-down,
validation; outsiders get 404, readers 403 on writes; list pages cost constant queries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kamp.accounts.models import KeyAccount
from kamp.selection import services
from kamp.selection.models import ScoringModel, Segment, SelectionRun
from kamp.selection.tests.factories import AS_OF, customer_base

if TYPE_CHECKING:
    from django.test import Client
    from pytest_django import DjangoAssertNumQueries

    from conftest import Cast

pytestmark = pytest.mark.django_db
PARAMETERS = {"kams": 1, "per_kam": {"gold": 2, "silver": 2, "bronze": 2}}


@pytest.fixture
def run(cast: Cast) -> SelectionRun:
    customer_base()
    model = services.scoring_model_install_preset(actor=cast.director, key="simple")
    return services.selection_run_create(
        actor=cast.director, name="First pass", model=model, parameters=PARAMETERS, as_of=AS_OF
    )


def login(client: Client, user: Any) -> None:
    client.force_login(user)


def pages(run: SelectionRun) -> list[str]:
    result = run.results.get(rank=1)
    return [
        reverse("selection:overview"),
        reverse("selection:account-metrics"),
        reverse("selection:segment-list"),
        reverse("selection:model-list"),
        reverse("selection:model-detail", args=[run.model.public_id]),
        reverse("selection:model-export", args=[run.model.public_id]),
        reverse("selection:manual-scores"),
        reverse("selection:run-list"),
        reverse("selection:run-detail", args=[run.public_id]),
        reverse("selection:run-results", args=[run.public_id]),
        reverse("selection:result-detail", args=[result.public_id]),
    ]


@pytest.mark.parametrize("persona", ["director", "kam", "executive", "viewer", "admin"])
def test_readers_see_every_page(
    client: Client, cast: Cast, run: SelectionRun, persona: str
) -> None:
    login(client, getattr(cast, persona))
    for url in pages(run):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["outsider", "pcdirector", "member"])
def test_others_get_404_everywhere(
    client: Client, cast: Cast, run: SelectionRun, persona: str
) -> None:
    login(client, getattr(cast, persona))
    for url in [*pages(run), reverse("selection:run-create"), reverse("selection:model-create")]:
        assert client.get(url).status_code == 404, url
    assert "Selection" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("persona", ["kam", "executive", "viewer"])
def test_readers_get_403_on_writes(
    client: Client, cast: Cast, run: SelectionRun, persona: str
) -> None:
    login(client, getattr(cast, persona))
    writes = [
        reverse("selection:segment-create"),
        reverse("selection:model-create"),
        reverse("selection:model-edit", args=[run.model.public_id]),
        reverse("selection:run-create"),
        reverse("selection:run-submit", args=[run.public_id]),
        reverse("selection:run-delete", args=[run.public_id]),
    ]
    for url in writes:
        assert client.post(url, {}).status_code == 403, url
    assert client.post(reverse("selection:manual-scores"), {}).status_code == 403


def test_the_director_defines_a_segment(client: Client, cast: Cast, run: SelectionRun) -> None:
    login(client, cast.director)
    r = client.post(
        reverse("selection:segment-create"),
        {"name": "Process", "match": "all", "position": 0, "industry": ["Chemicals"], "fit": "7.5"},
    )
    assert r.status_code == 302
    segment = Segment.objects.get(name="Process")
    assert segment.rules == [{"field": "industry", "op": "in", "values": ["Chemicals"]}]
    body = client.get(reverse("selection:segment-list")).content.decode()
    assert "Process" in body and "7.5" in body
    r = client.post(
        reverse("selection:segment-edit", args=[segment.public_id]),
        {"name": "Process", "match": "any", "position": 0, "advanced": '[{"field": "x"}]'},
    )
    assert r.status_code == 200 and "unknown field" in r.content.decode()


def test_the_director_edits_a_model_into_a_new_version(
    client: Client, cast: Cast, run: SelectionRun
) -> None:
    login(client, cast.director)
    url = reverse("selection:model-edit", args=[run.model.public_id])
    toml = client.get(url).context["form"].initial["toml"]
    r = client.post(url, {"toml": toml.replace("weight = 50", "weight = 40"), "notes": "x"})
    assert r.status_code == 200
    assert "sum to 90" in r.content.decode()
    r = client.post(
        url, {"toml": toml.replace('"Revenue, last 12', '"Sales, last 12'), "notes": ""}
    )
    assert r.status_code == 302
    assert ScoringModel.objects.filter(name=run.model.name).count() == 2


def test_the_director_computes_and_submits_a_run(
    client: Client, cast: Cast, run: SelectionRun
) -> None:
    login(client, cast.director)
    data = {
        "name": "Second pass",
        "model": run.model.pk,
        "kams": 2,
        "gold": 2,
        "silver": 3,
        "bronze": 4,
        "attractiveness_weight": 0.6,
        "limits": "segment | Nothing | | 0",
        "overrides": "exclude G2: lost to a competitor",
    }
    r = client.post(reverse("selection:run-create"), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    second = SelectionRun.objects.get(name="Second pass")
    excluded = second.results.get(account__source_id="G2")
    assert (excluded.selected, excluded.reason) == (False, "exclude")
    page = client.get(second.get_absolute_url()).content.decode()
    assert "lost to a competitor" in page and "matrix-chart" in page
    assert client.post(reverse("selection:run-submit", args=[second.public_id])).status_code == 302
    second.refresh_from_db()
    assert second.status == SelectionRun.Status.SUBMITTED
    compare = client.get(
        reverse("selection:run-compare", args=[second.public_id]), {"with": str(run.public_id)}
    )
    assert "G2" in compare.content.decode()


def test_an_unreadable_override_is_shown_on_the_form(
    client: Client, cast: Cast, run: SelectionRun
) -> None:
    login(client, cast.director)
    data = {
        "name": "x",
        "model": run.model.pk,
        "kams": 1,
        "gold": 1,
        "silver": 1,
        "bronze": 1,
        "attractiveness_weight": 0.5,
        "overrides": "maybe G2",
    }
    r = client.post(reverse("selection:run-create"), data)
    assert r.status_code == 200 and "Cannot read" in r.content.decode()


def test_an_executive_validates_into_a_key_account(
    client: Client, cast: Cast, run: SelectionRun
) -> None:
    services.selection_run_submit(actor=cast.director, run=run)
    result = run.results.filter(selected=True).order_by("rank").first()
    assert result is not None
    login(client, cast.kam)
    url = reverse("selection:result-decide", args=[result.public_id])
    assert client.post(url, {"decision": "validated"}).status_code == 403
    login(client, cast.executive)
    assert client.get(url).status_code == 405
    r = client.post(url, {"decision": "validated", "comment": "Go", "next": "run"})
    assert r.status_code == 302 and r["Location"] == run.get_absolute_url()
    account = KeyAccount.objects.get(customer=result.account)
    assert account.status == KeyAccount.Status.NOMINATED
    detail = client.get(
        reverse("selection:result-detail", args=[result.public_id])
    ).content.decode()
    assert "Validated" in detail and "Go" in detail
    keys = client.get(reverse("accounts:key-account-list")).content.decode()
    assert result.account.name in keys


def test_the_result_page_explains_every_criterion(
    client: Client, cast: Cast, run: SelectionRun
) -> None:
    login(client, cast.kam)
    result = run.results.get(rank=1)
    body = client.get(reverse("selection:result-detail", args=[result.public_id])).content.decode()
    for label in ("Revenue, last 12 months", "Months with a sale in the last 12", "Contribution"):
        assert label in body


@pytest.mark.parametrize("runs", [1, 6])
def test_the_run_list_costs_the_same_queries_whatever_the_rows(
    client: Client,
    cast: Cast,
    run: SelectionRun,
    runs: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(runs - 1):
        services.selection_run_create(
            actor=cast.director, name=f"R{i}", model=run.model, parameters=PARAMETERS, as_of=AS_OF
        )
    login(client, cast.director)
    client.get(reverse("selection:run-list"))  # warm the session
    with django_assert_num_queries(5):
        assert client.get(reverse("selection:run-list")).status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_the_results_table_costs_the_same_queries_whatever_the_rows(
    client: Client,
    cast: Cast,
    run: SelectionRun,
    rows: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    services.selection_run_submit(actor=cast.director, run=run)
    for result in run.results.filter(selected=True)[:rows]:
        services.validation_decide(
            actor=cast.director, result=result, decision="rejected", comment="no"
        )
    login(client, cast.director)
    url = reverse("selection:run-results", args=[run.public_id])
    client.get(url)
    with django_assert_num_queries(7):
        assert client.get(url, {"show": "all"}).status_code == 200


def test_staff_see_the_read_only_admin(client: Client, cast: Cast, run: SelectionRun) -> None:
    login(client, cast.admin)
    for model in ("segment", "scoringmodel", "selectionrun", "selectionresult", "validation"):
        assert client.get(f"/admin/selection/{model}/").status_code == 200, model
    assert client.get("/admin/accounts/keyaccount/").status_code == 200
    assert client.get("/admin/selection/selectionrun/add/").status_code == 403


def test_the_metrics_page_sorts_and_filters_by_segment(
    client: Client, cast: Cast, run: SelectionRun
) -> None:
    services.segment_create(
        actor=cast.director,
        name="Chemicals",
        rules=[{"field": "industry", "op": "in", "values": ["Chemicals"]}],
    )
    login(client, cast.kam)
    url = reverse("selection:account-metrics")
    rows = client.get(url).context["rows"]
    assert [r["source_id"] for r, _values in rows] == ["G2", "G1", "G3", "G4"]  # by revenue
    rows = client.get(url, {"segment": "Chemicals", "sort": "revenue_growth_yoy"}).context["rows"]
    assert [r["source_id"] for r, _values in rows] == ["G1", "G3"]
    body = client.get(url, {"sort": "name"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in body and "50.0 %" in body  # Acme grows 200 -> 300


def test_segment_rules_read_like_sentences() -> None:
    from kamp.selection.templatetags.selection import rule_text

    assert rule_text({"field": "industry", "op": "in", "values": ["Chemicals", "Pharma"]}) == (
        "Industry is Chemicals or Pharma"
    )
    assert rule_text({"field": "country", "op": "not_in", "values": ["ES"]}) == "Country is not ES"
    assert rule_text({"field": "revenue_12m", "op": "gte", "values": 1000}) == (
        "Revenue, last 12 months ≥ 1000"
    )
    assert rule_text({"field": "attribute:region", "op": "in", "values": ["south"]}) == (
        "region is south"
    )


def test_team_scores_are_uploaded_for_one_model(client: Client, cast: Cast) -> None:
    """The form asks which model the scores are for; the page lists them by model."""
    customer_base()
    index = services.scoring_model_install_preset(actor=cast.director, key="scoring_index")
    login(client, cast.director)
    url = reverse("selection:manual-scores")
    upload = SimpleUploadedFile("scores.csv", b"account,criterion,score\nG1,opportunity,18\n")
    r = client.post(url, {"model": index.pk, "file": upload, "scale": 10})
    assert r.status_code == 302, r.content.decode()[:2000]
    stored = index.manual_scores.get()
    assert (stored.criterion, stored.score, stored.scale) == ("opportunity", 18, 20)
    page = client.get(url).content.decode()
    assert f"{index.name} v1" in page
    upload = SimpleUploadedFile("scores.csv", b"account,criterion,score\nG1,prestige,8\n")
    r = client.post(url, {"model": index.pk, "file": upload, "scale": 10})
    assert r.status_code == 200 and "prestige is not scored by the team" in r.content.decode()


def test_a_points_model_page_shows_points_and_classes(client: Client, cast: Cast) -> None:
    index = services.scoring_model_install_preset(actor=cast.director, key="scoring_index")
    login(client, cast.director)
    page = client.get(reverse("selection:model-detail", args=[index.public_id])).content.decode()
    assert "A ranking: one axis, no matrix." in page and "20 points" in page
    assert "Portfolio matrix" not in page and "<strong>A</strong> from 80" in page
