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
from kamp.selection.models import ScoringModel, Segment, SelectionResult, SelectionRun
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
    from django.http import HttpRequest

    from kamp.selection.models import Validation
    from kamp.selection.selectors import Movement
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


def _name(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


def _segment(s: Segment) -> dict[str, Any]:
    return {
        "id": s.public_id,
        "name": s.name,
        "description": s.description,
        "rules": s.rules,
        "match": s.match,
        "fit": float(s.fit) if s.fit is not None else None,
        "position": s.position,
    }


def _model(m: ScoringModel) -> dict[str, Any]:
    return {
        "id": m.public_id,
        "name": m.name,
        "version": m.version,
        "scale": m.definition.get("scale", 10),
        "notes": m.notes,
        "created_at": m.created_at,
        "created_by": _name(m.created_by),
    }


def _run(r: SelectionRun) -> dict[str, Any]:
    return {
        "id": r.public_id,
        "name": r.name,
        "status": r.status,
        "model": _model(r.model),
        "as_of": r.as_of,
        "created_at": r.created_at,
        "created_by": _name(r.created_by),
        "submitted_at": r.submitted_at,
        "proposed": r.summary.get("accounts", 0),
    }


def _run_detail(r: SelectionRun) -> dict[str, Any]:
    return {**_run(r), "parameters": r.parameters, "coverage": r.summary}


def _validation(v: Validation | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "decision": v.decision,
        "comment": v.comment,
        "decided_by": _name(v.decided_by),
        "decided_at": v.created_at,
    }


def _result(r: SelectionResult, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "id": r.public_id,
        "account": {
            "id": r.account.public_id,
            "customer_id": r.account.source_id,
            "name": r.account.name,
        },
        "rank": r.rank,
        "attractiveness": r.attractiveness,
        "strength": r.strength,
        "value": r.value,
        "evidence": r.evidence,
        "quadrant": r.quadrant,
        "quadrant_label": labels.get(r.quadrant, r.quadrant),
        "band": r.band,
        "tier": r.tier,
        "revenue_12m": r.revenue_12m,
        "segments": r.segments,
        "selected": r.selected,
        "top_n": r.top_n,
        "reason": r.reason,
        "override_reason": r.override_reason,
        "validation": _validation(getattr(r, "validation", None)),
    }


def _labels(run: SelectionRun) -> dict[str, str]:
    return {q.key: q.label for q in run.model.spec.matrix.quadrants}


#
# Segments
#


@router.get("/segments", response={200: SegmentPage, **LIST_ERRORS})
def list_segments(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Strategic segments, in their order."""
    _reader(request)
    return paginate(Segment.objects.order_by("position", "name"), page, _segment)


@router.post("/segments", response={201: SegmentOut, **CREATE_ERRORS})
def create_segment(request: HttpRequest, payload: SegmentIn) -> Status[dict[str, Any]]:
    """Define a segment by its rules (programme director)."""
    user = _writer(request)
    segment = services.segment_create(actor=user, **payload.model_dump())
    return Status(201, _segment(segment))


@router.get("/segments/{segment_id}", response={200: SegmentOut, **READ_ERRORS})
def get_segment(request: HttpRequest, segment_id: uuid.UUID) -> dict[str, Any]:
    """One segment."""
    return _segment(get_segment_for(request_user(request), segment_id))


@router.patch("/segments/{segment_id}", response={200: SegmentOut, **WRITE_ERRORS})
def update_segment(
    request: HttpRequest, segment_id: uuid.UUID, payload: SegmentPatchIn
) -> dict[str, Any]:
    """Change a segment; send only the fields to change."""
    user = request_user(request)
    segment = get_segment_for(user, segment_id, "change")
    fields = payload.model_dump(exclude_unset=True)
    return _segment(services.segment_update(actor=user, segment=segment, **fields))


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
    qs = selectors.scoring_model_versions()
    return paginate(qs, page, _model)


def _model_detail(m: ScoringModel) -> dict[str, Any]:
    return {**_model(m), "definition": m.definition, "toml": m.toml()}


@router.post("/scoring-models", response={201: ScoringModelDetailOut, **CREATE_ERRORS})
def create_scoring_model(request: HttpRequest, payload: ScoringModelIn) -> Status[dict[str, Any]]:
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
    return Status(201, _model_detail(model))


@router.get("/scoring-models/{model_id}", response={200: ScoringModelDetailOut, **READ_ERRORS})
def get_scoring_model(request: HttpRequest, model_id: uuid.UUID) -> dict[str, Any]:
    """One version of a scoring model, with its definition and its TOML."""
    return _model_detail(get_scoring_model_for(request_user(request), model_id))


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
    qs = SelectionRun.objects.select_related("model", "model__created_by", "created_by")
    return paginate(qs, page, _run)


@router.post("/selection-runs", response={201: RunDetailOut, **CREATE_ERRORS})
def create_run(request: HttpRequest, payload: RunIn) -> Status[dict[str, Any]]:
    """Compute a selection and save it as a draft run (programme director)."""
    user = _writer(request)
    model = ScoringModel.objects.filter(public_id=payload.model).first()
    if model is None:
        raise ValidationError({"model": _("No such scoring model.")})
    run = services.selection_run_create(
        actor=user,
        name=payload.name,
        model=model,
        parameters=payload.parameters.model_dump() if payload.parameters else {},
        as_of=payload.as_of,
    )
    return Status(201, _run_detail(run))


@router.get("/selection-runs/{run_id}", response={200: RunDetailOut, **READ_ERRORS})
def get_run(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    """A run with its parameters and coverage."""
    return _run_detail(get_run_for(request_user(request), run_id))


@router.delete("/selection-runs/{run_id}", response={204: None, **WRITE_ERRORS})
def delete_run(request: HttpRequest, run_id: uuid.UUID) -> Status[None]:
    """Delete a draft run."""
    user = request_user(request)
    services.selection_run_delete(actor=user, run=get_run_for(user, run_id, "change"))
    return Status(204, None)


@router.post("/selection-runs/{run_id}/submit", response={200: RunDetailOut, **WRITE_ERRORS})
def submit_run(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    """Submit a draft run to the steering committee."""
    user = request_user(request)
    run = services.selection_run_submit(actor=user, run=get_run_for(user, run_id, "change"))
    return _run_detail(get_run_for(user, run.public_id))


@router.get("/selection-runs/{run_id}/results", response={200: ResultPage, **READ_ERRORS})
def list_results(
    request: HttpRequest, run_id: uuid.UUID, filters: Query[ResultFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Every account of a run, ranked by value (or as sorted), with its decision."""
    run = get_run_for(request_user(request), run_id)
    labels = _labels(run)
    qs = selectors.run_results(run, show=filters.show, sort=filters.sort)
    return paginate(qs, page, lambda r: _result(r, labels))


def _movement(m: Movement) -> dict[str, Any]:
    return {
        "account": {
            "id": m.account.public_id,
            "customer_id": m.account.source_id,
            "name": m.account.name,
        },
        "rank_before": m.before.rank if m.before else None,
        "rank_after": m.after.rank if m.after else None,
        "reason_after": m.after.reason if m.after else None,
        "override_reason": m.after.override_reason if m.after else "",
    }


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
    return {
        "older": runs[0].public_id,
        "newer": runs[1].public_id,
        **{key: [_movement(m) for m in items] for key, items in moves.items()},
    }


@router.get("/selection-results/{result_id}", response={200: ResultDetailOut, **READ_ERRORS})
def get_result(request: HttpRequest, result_id: uuid.UUID) -> dict[str, Any]:
    """One account in a run, with every criterion's value, score and contribution."""
    result = get_result_for(request_user(request), result_id)
    return {
        **_result(result, _labels(result.run)),
        "run": result.run.public_id,
        "contributions": result.contributions,
        "metrics": result.metrics,
    }


@router.post(
    "/selection-results/{result_id}/validation", response={201: ValidationOut, **WRITE_ERRORS}
)
def decide(
    request: HttpRequest, result_id: uuid.UUID, payload: ValidationIn
) -> Status[dict[str, Any]]:
    """Validate or reject a proposed account of a submitted run (programme director or
    executive). A validated account becomes a nominated key account."""
    user = request_user(request)
    result = get_result_for(user, result_id, "validate")
    validation = services.validation_decide(
        actor=user, result=result, decision=payload.decision, comment=payload.comment
    )
    return Status(201, _validation(validation) or {})
