"""API endpoints for segments, scoring models, team scores, selection runs, their results and
the steering committee's validations. The same services and ``get_*_for`` as the pages."""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.selection import selectors, services
from kamp.selection.permissions import (
    can,
    get_result_for,
    get_run_for,
    get_scoring_model_for,
    get_segment_for,
)
from kamp.selection.schemas import (
    CompareOut,
    ManualScoresIn,
    ManualScoresOut,
    ResultDetailOut,
    ResultFilterIn,
    ResultPage,
    RunDetailOut,
    RunIn,
    RunPage,
    ScoringModelDetailOut,
    ScoringModelIn,
    ScoringModelPage,
    SegmentIn,
    SegmentOut,
    SegmentPage,
    SegmentPatchIn,
    ValidationIn,
    ValidationOut,
)
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from kamp.selection.models import (
        ScoringModel,
        Segment,
        SelectionResult,
        SelectionRun,
        Validation,
    )
    from kamp.users.models import User

router = Router(tags=["selection"])
LIST_ERRORS = {401: READ_ERRORS[401], 404: READ_ERRORS[404], 422: READ_ERRORS[422]}
CREATE_ERRORS = {k: v for k, v in WRITE_ERRORS.items()}


def _reader(request: HttpRequest) -> User:
    """The user, who must be allowed to see selection (404 otherwise, as for pages)."""
    user = request_user(request)
    if not can(user, "view"):
        raise Http404
    return user


def _writer(request: HttpRequest) -> User:
    user = _reader(request)
    if not can(user, "change"):
        raise PermissionDenied
    return user


#
# Segments
#


@router.get("/segments", response={200: SegmentPage, **LIST_ERRORS})
def list_segments(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Strategic segments, in their order."""
    _reader(request)
    return paginate(selectors.segment_list(), page)


@router.post("/segments", response={201: SegmentOut, **CREATE_ERRORS})
def create_segment(request: HttpRequest, payload: SegmentIn) -> Status[Segment]:
    """Define a segment by its rules (programme director)."""
    user = _writer(request)
    segment = services.segment_create(actor=user, **payload.model_dump())
    return Status(201, segment)


@router.get("/segments/{segment_id}", response={200: SegmentOut, **READ_ERRORS})
def get_segment(request: HttpRequest, segment_id: uuid.UUID) -> Segment:
    """One segment."""
    return get_segment_for(request_user(request), segment_id)


@router.patch("/segments/{segment_id}", response={200: SegmentOut, **WRITE_ERRORS})
def update_segment(request: HttpRequest, segment_id: uuid.UUID, payload: SegmentPatchIn) -> Segment:
    """Change a segment; send only the fields to change."""
    user = request_user(request)
    segment = get_segment_for(user, segment_id, "change")
    fields = payload.model_dump(exclude_unset=True)
    return services.segment_update(actor=user, segment=segment, **fields)


@router.delete("/segments/{segment_id}", response={204: None, **WRITE_ERRORS})
def delete_segment(request: HttpRequest, segment_id: uuid.UUID) -> Status[None]:
    """Remove a segment."""
    user = request_user(request)
    services.segment_delete(actor=user, segment=get_segment_for(user, segment_id, "change"))
    return Status(204, None)


#
# Scoring models and team scores
#


@router.get("/scoring-models", response={200: ScoringModelPage, **LIST_ERRORS})
def list_scoring_models(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Every version of every scoring model, by name then newest first."""
    _reader(request)
    return paginate(selectors.scoring_model_versions(), page)


@router.post("/scoring-models", response={201: ScoringModelDetailOut, **CREATE_ERRORS})
def create_scoring_model(request: HttpRequest, payload: ScoringModelIn) -> Status[ScoringModel]:
    """Save a model (TOML or JSON) as the next version of its name (programme director)."""
    user = _writer(request)
    if payload.toml is not None:
        model = services.scoring_model_import(actor=user, text=payload.toml, notes=payload.notes)
    elif payload.definition is not None:
        model = services.scoring_model_save(
            actor=user, definition=payload.definition, notes=payload.notes
        )
    else:
        raise ValidationError(_("Send the model as toml or as definition."))
    return Status(201, model)


@router.get("/scoring-models/{model_id}", response={200: ScoringModelDetailOut, **READ_ERRORS})
def get_scoring_model(request: HttpRequest, model_id: uuid.UUID) -> ScoringModel:
    """One version of a scoring model, with its definition and its TOML."""
    return get_scoring_model_for(request_user(request), model_id)


@router.post("/manual-scores", response={201: ManualScoresOut, **CREATE_ERRORS})
def import_manual_scores(request: HttpRequest, payload: ManualScoresIn) -> Status[dict[str, Any]]:
    """Store the scoring team's scores for one scoring model from CSV text
    ``account,criterion,score``."""
    user = _writer(request)
    model = get_scoring_model_for(user, payload.model)
    stored = services.manual_scores_import(
        actor=user, model=model, text=payload.csv, scale=payload.scale
    )
    return Status(201, {"stored": stored})


#
# Runs and results
#


@router.get("/selection-runs", response={200: RunPage, **LIST_ERRORS})
def list_runs(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Selection runs, newest first."""
    _reader(request)
    return paginate(selectors.run_list(), page)


@router.post("/selection-runs", response={201: RunDetailOut, **CREATE_ERRORS})
def create_run(request: HttpRequest, payload: RunIn) -> Status[SelectionRun]:
    """Compute a selection and save it as a draft run (programme director)."""
    user = _writer(request)
    model = selectors.scoring_model_by_public_id(payload.model)
    if model is None:
        raise ValidationError({"model": _("No such scoring model.")})
    run = services.selection_run_create(
        actor=user,
        name=payload.name,
        model=model,
        parameters=payload.parameters.model_dump() if payload.parameters else {},
        as_of=payload.as_of,
    )
    return Status(201, run)


@router.get("/selection-runs/{run_id}", response={200: RunDetailOut, **READ_ERRORS})
def get_run(request: HttpRequest, run_id: uuid.UUID) -> SelectionRun:
    """A run with its parameters and coverage."""
    return get_run_for(request_user(request), run_id)


@router.delete("/selection-runs/{run_id}", response={204: None, **WRITE_ERRORS})
def delete_run(request: HttpRequest, run_id: uuid.UUID) -> Status[None]:
    """Delete a draft run."""
    user = request_user(request)
    services.selection_run_delete(actor=user, run=get_run_for(user, run_id, "change"))
    return Status(204, None)


@router.post("/selection-runs/{run_id}/submit", response={200: RunDetailOut, **WRITE_ERRORS})
def submit_run(request: HttpRequest, run_id: uuid.UUID) -> SelectionRun:
    """Submit a draft run to the steering committee."""
    user = request_user(request)
    run = services.selection_run_submit(actor=user, run=get_run_for(user, run_id, "change"))
    return get_run_for(user, run.public_id)


@router.get("/selection-runs/{run_id}/results", response={200: ResultPage, **READ_ERRORS})
def list_results(
    request: HttpRequest, run_id: uuid.UUID, filters: Query[ResultFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Every account of a run, ranked by value (or as sorted), with its decision."""
    run = get_run_for(request_user(request), run_id)
    results: QuerySet[SelectionResult] = filters.filter(
        selectors.run_results(run, sort=filters.sort)
    )
    return paginate(results, page)


@router.get(
    "/selection-runs/{run_id}/compare/{other_id}", response={200: CompareOut, **READ_ERRORS}
)
def compare_runs(request: HttpRequest, run_id: uuid.UUID, other_id: uuid.UUID) -> dict[str, Any]:
    """Who entered and who left the selection from the older run to the newer one."""
    user = request_user(request)
    runs = sorted(
        [get_run_for(user, run_id), get_run_for(user, other_id)], key=lambda r: (r.created_at, r.pk)
    )
    moves = selectors.run_compare(runs[0], runs[1])
    return {"older": runs[0].public_id, "newer": runs[1].public_id, **moves}


@router.get("/selection-results/{result_id}", response={200: ResultDetailOut, **READ_ERRORS})
def get_result(request: HttpRequest, result_id: uuid.UUID) -> SelectionResult:
    """One account in a run, with every criterion's value, score and contribution."""
    return get_result_for(request_user(request), result_id)


@router.post(
    "/selection-results/{result_id}/validation", response={201: ValidationOut, **WRITE_ERRORS}
)
def decide(request: HttpRequest, result_id: uuid.UUID, payload: ValidationIn) -> Status[Validation]:
    """Validate or reject a proposed account of a submitted run (programme director or
    executive). A validated account becomes a nominated key account."""
    user = request_user(request)
    result = get_result_for(user, result_id, "validate")
    validation = services.validation_decide(
        actor=user, result=result, decision=payload.decision, comment=payload.comment
    )
    return Status(201, validation)
