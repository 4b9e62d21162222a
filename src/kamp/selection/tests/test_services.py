"""Selection services on the database: runs, submission, validation into key accounts, audit."""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kamp.accounts.models import KeyAccount
from kamp.core.models import AuditEvent
from kamp.selection import selectors, services
from kamp.selection.models import ManualScore, ScoringModel, SelectionRun
from kamp.selection.presets import preset, preset_text
from kamp.selection.tests.factories import AS_OF, SegmentFactory, customer_base

if TYPE_CHECKING:
    from conftest import Cast
    from kamp.customers.models import Customer

pytestmark = pytest.mark.django_db

PARAMETERS = {"kams": 1, "per_kam": {"gold": 2, "silver": 2, "bronze": 2}}


@pytest.fixture
def base(cast: Cast) -> dict[str, Customer]:
    return customer_base()


@pytest.fixture
def simple(cast: Cast) -> ScoringModel:
    return services.scoring_model_install_preset(actor=cast.director, key="simple")


def test_it_rolls_a_group_up_into_one_account(base: dict[str, Customer]) -> None:
    frame, as_of = selectors.prepared_accounts(AS_OF)
    rows = {r["source_id"]: r for r in frame.iter_rows(named=True)}
    assert set(rows) == {"G1", "G2", "G3", "G4"}  # the subsidiary rolls into G1
    assert rows["G1"]["revenue_12m"] == 300
    assert rows["G1"]["companies"] == 2
    assert rows["G1"]["product_lines"] == 2
    assert rows["G4"]["revenue_12m"] == 0


def test_segments_are_assigned_to_accounts(base: dict[str, Customer], cast: Cast) -> None:
    SegmentFactory.create(name="Chemicals")
    frame, _as_of = selectors.prepared_accounts(AS_OF)
    rows = {r["source_id"]: r["segments"] for r in frame.iter_rows(named=True)}
    assert rows == {"G1": ["Chemicals"], "G2": [], "G3": ["Chemicals"], "G4": []}
    overview = selectors.segment_overview(frame)
    assert (overview[0].accounts, overview[0].customers, overview[0].revenue) == (
        2,
        3,
        Decimal(330),
    )
    assert overview[0].growth == pytest.approx(330 / 260 - 1)


def test_a_run_is_computed_and_saved_with_every_account(
    base: dict[str, Customer], cast: Cast, simple: ScoringModel
) -> None:
    run = services.selection_run_create(
        actor=cast.director, name="Q1", model=simple, parameters=PARAMETERS, as_of=AS_OF
    )
    assert run.status == SelectionRun.Status.DRAFT
    assert run.results.count() == 4
    assert run.summary["accounts"] == run.results.filter(selected=True).count() > 0
    best = run.results.get(rank=1)
    assert best.attractiveness is not None and best.strength is not None
    parts = sum(c["contribution"] for c in best.contributions.values())
    assert parts == pytest.approx(best.attractiveness + best.strength)
    assert AuditEvent.objects.filter(action="selection_run.create").count() == 1


def test_only_the_programme_director_runs_selections(
    base: dict[str, Customer], cast: Cast, simple: ScoringModel
) -> None:
    for user in (cast.kam, cast.executive, cast.viewer, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.selection_run_create(
                actor=user, name="x", model=simple, parameters=PARAMETERS, as_of=AS_OF
            )


def test_bad_parameters_are_validation_errors(
    base: dict[str, Customer], cast: Cast, simple: ScoringModel
) -> None:
    with pytest.raises(ValidationError, match="kams"):
        services.selection_run_create(
            actor=cast.director, name="x", model=simple, parameters={"kams": 0}, as_of=AS_OF
        )
    with pytest.raises(ValidationError, match="Unknown accounts"):
        overrides = [{"account": "NOPE", "include": True, "reason": "friend"}]
        services.selection_run_create(
            actor=cast.director,
            name="x",
            model=simple,
            parameters={**PARAMETERS, "overrides": overrides},
            as_of=AS_OF,
        )


def test_submission_and_validation_make_key_accounts(
    base: dict[str, Customer], cast: Cast, simple: ScoringModel
) -> None:
    run = services.selection_run_create(
        actor=cast.director, name="Q1", model=simple, parameters=PARAMETERS, as_of=AS_OF
    )
    proposed = list(run.results.filter(selected=True).order_by("rank"))
    with pytest.raises(ValidationError, match="submitted"):
        services.validation_decide(actor=cast.executive, result=proposed[0], decision="validated")
    services.selection_run_submit(actor=cast.director, run=run)
    services.validation_decide(
        actor=cast.executive, result=proposed[0], decision="validated", comment="Yes"
    )
    key_account = KeyAccount.objects.get(customer=proposed[0].account)
    assert key_account.status == KeyAccount.Status.NOMINATED
    assert key_account.tier == proposed[0].tier
    assert key_account.nominated_from_id == run.pk and key_account.kam is None
    with pytest.raises(ValidationError, match="already"):
        services.validation_decide(actor=cast.director, result=proposed[0], decision="rejected")
    for result in proposed[1:]:
        with pytest.raises(ValidationError, match="why"):
            services.validation_decide(actor=cast.director, result=result, decision="rejected")
        services.validation_decide(
            actor=cast.director, result=result, decision="rejected", comment="Not now"
        )
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.CLOSED
    assert KeyAccount.objects.count() == 1


def test_kams_and_viewers_do_not_validate(
    base: dict[str, Customer], cast: Cast, simple: ScoringModel
) -> None:
    run = services.selection_run_create(
        actor=cast.director, name="Q1", model=simple, parameters=PARAMETERS, as_of=AS_OF
    )
    services.selection_run_submit(actor=cast.director, run=run)
    result = run.results.filter(selected=True).first()
    assert result is not None
    for user in (cast.kam, cast.viewer):
        with pytest.raises(PermissionDenied):
            services.validation_decide(actor=user, result=result, decision="validated")


def test_models_are_versioned(cast: Cast) -> None:
    first = services.scoring_model_import(actor=cast.director, text=preset_text("simple"))
    second = services.scoring_model_import(
        actor=cast.director, text=preset_text("simple").replace("weight = 50", "weight = 50 ")
    )
    assert (first.version, second.version) == (1, 2)
    assert first.name == second.name
    with pytest.raises(ValidationError, match="sum to"):
        services.scoring_model_import(
            actor=cast.director, text=preset_text("simple").replace("weight = 50", "weight = 51")
        )
    with pytest.raises(ValidationError, match="TOML"):
        services.scoring_model_import(actor=cast.director, text="name = ")


def test_manual_scores_are_imported_from_csv(base: dict[str, Customer], cast: Cast) -> None:
    model = services.scoring_model_install_preset(actor=cast.director, key="mcdonald")
    text = "account,criterion,score\nG1,prestige,8\nG2,prestige,3.5\nG1,prestige,9\n"
    assert services.manual_scores_import(actor=cast.director, model=model, text=text) == 3
    stored = ManualScore.objects.get(account=base["chem"], criterion="prestige")
    assert (stored.score, stored.model) == (9, model)
    with pytest.raises(ValidationError) as caught:
        services.manual_scores_import(
            actor=cast.director,
            model=model,
            text="account,criterion,score\nG1-ES,prestige,8\nG2,Bad,11\nG2,buyer_power,5\n",
        )
    # A subsidiary is no account; a bad key; buyer_power is no criterion of McDonald's model.
    assert len(caught.value.messages) == 3
    assert "buyer_power is not scored by the team" in " ".join(caught.value.messages)
    with pytest.raises(PermissionDenied):
        services.manual_scores_import(actor=cast.kam, model=model, text=text)


def test_runs_compare_who_entered_and_who_left(
    base: dict[str, Customer], cast: Cast, simple: ScoringModel
) -> None:
    first = services.selection_run_create(
        actor=cast.director, name="A", model=simple, parameters=PARAMETERS, as_of=AS_OF
    )
    excluded = first.results.get(rank=1).account.source_id
    overrides = [{"account": excluded, "include": False, "reason": "Competitor's subsidiary"}]
    second = services.selection_run_create(
        actor=cast.director,
        name="B",
        model=simple,
        parameters={**PARAMETERS, "overrides": overrides},
        as_of=AS_OF,
    )
    moves = selectors.run_compare(first, second)
    assert [m.account.source_id for m in moves["left"]] == [excluded]
    assert moves["left"][0].after is not None
    assert moves["left"][0].after.override_reason == "Competitor's subsidiary"


def test_the_demo_step_is_idempotent(base: dict[str, Customer]) -> None:
    from kamp.selection.demo import demo_selection_ensure

    first = demo_selection_ensure()
    assert (first.segments, first.models, first.created) == (4, 4, True)
    # Four accounts; McDonald's two manual criteria, Fiocca's seven and the Account Scoring
    # Index's six, each model its own.
    assert first.scores == 4 * (2 + 7 + 6)
    assert first.run is not None and first.run.results.count() == 4
    again = demo_selection_ensure()
    assert (again.segments, again.scores, again.created) == (0, 0, False)
    assert SelectionRun.objects.count() == 1 and ScoringModel.objects.count() == 4


def test_a_model_with_any_text_round_trips_through_export_and_import(cast: Cast) -> None:
    definition = preset("simple")
    definition["name"] = 'Carriage\rreturn, bell\x07, "quotes" and back\\slash'
    definition["description"] = 'Line\r\nends, \x07\x1b control, "quoted" \\ text'
    saved = services.scoring_model_save(actor=cast.director, definition=definition)
    again = services.scoring_model_import(actor=cast.director, text=saved.toml())
    assert (again.name, again.version) == (definition["name"], 2)
    assert again.definition == saved.definition
    assert again.spec.description == definition["description"]


def test_the_migration_gives_old_scores_to_the_newest_model_holding_the_criterion(
    base: dict[str, Customer], cast: Cast
) -> None:
    """Scores had no model: each goes to the newest version of the most recently saved model
    with a manual criterion of that key (docs/decisions/0007)."""
    from django.apps import apps

    migration = importlib.import_module("kamp.selection.migrations.0002_team_scores_per_model")
    fiocca = services.scoring_model_install_preset(actor=cast.director, key="fiocca")
    mcdonald = services.scoring_model_install_preset(actor=cast.director, key="mcdonald")
    newer = services.scoring_model_save(actor=cast.director, definition=mcdonald.definition)
    score = ManualScore.objects.create(
        account=base["chem"], model=fiocca, criterion="prestige", score=7
    )
    other = ManualScore.objects.create(
        account=base["chem"], model=mcdonald, criterion="buyer_power", score=3
    )
    migration.assign_scores(apps, None)
    score.refresh_from_db()
    other.refresh_from_db()
    assert (score.model, newer.version) == (newer, 2)  # McDonald v2: saved last, has prestige
    assert other.model == fiocca  # only Fiocca scores buyer_power
