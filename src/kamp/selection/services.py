"""Every write on segments, scoring models, manual scores, selection runs and validations.

Each service checks, inside its transaction, that the actor may still do it (programme director
for changes; programme director or executive for validations), validates, writes, and records an
audit event. Validating a proposed account makes it a nominated key account through
:func:`kamp.accounts.services.key_account_nominate`.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kamp.accounts.services import key_account_nominate
from kamp.core.audit import audit_record, diff_fields
from kamp.customers.models import Customer
from kamp.selection import selectors
from kamp.selection.engine import outcome_json, params_from_dict, params_to_dict, run_selection
from kamp.selection.metrics import METRICS
from kamp.selection.models import (
    ManualScore,
    ScoringModel,
    Segment,
    SelectionResult,
    SelectionRun,
    Validation,
)
from kamp.selection.optimise import InfeasibleSelection
from kamp.selection.permissions import can
from kamp.selection.presets import preset
from kamp.selection.scoring import (
    ModelError,
    contribution_column,
    model_to_dict,
    parse_model,
    score_column,
)

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from kamp.selection.engine import Outcome
    from kamp.selection.permissions import SelectionAction
    from kamp.selection.scoring import ModelSpec
    from kamp.users.models import User


class SegmentDetails(TypedDict, total=False):
    """A segment's fields besides its name: rules as ``{"field", "op", "values"}`` dicts."""

    description: str
    rules: list[dict[str, Any]]
    match: str
    fit: Decimal | float | None
    position: int


class SegmentChanges(SegmentDetails, total=False):
    """What :func:`segment_update` may change: the fields and the name."""

    name: str


class SegmentFields(SegmentDetails):
    """A new segment: its name and any of the other fields (what the segment form gives)."""

    name: str


SEGMENT_EDITABLE = ("name", "description", "rules", "match", "fit", "position")
_CRITERION = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _require(actor: User | None, action: SelectionAction = "change") -> None:
    """``actor=None`` is the system (the demo loader); anyone else needs the right."""
    if actor is not None and not can(actor, action):
        raise PermissionDenied


# -- Segments ----------------------------------------------------------------------------------


@transaction.atomic
def segment_create(*, actor: User | None, name: str, **fields: Unpack[SegmentDetails]) -> Segment:
    """Define a strategic segment by its rules and value-proposition fit."""
    _require(actor)
    segment = Segment(name=name, **fields)
    segment.full_clean()
    segment.save()
    audit_record(actor=actor, action="segment.create", obj=segment)
    return segment


@transaction.atomic
def segment_update(*, actor: User, segment: Segment, **fields: Unpack[SegmentChanges]) -> Segment:
    """Change a segment's name, rules, match, fit, description or position."""
    _require(actor)
    unknown = set(fields) - set(SEGMENT_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = Segment.objects.get(pk=segment.pk)
    before = {f: getattr(stored, f) for f in SEGMENT_EDITABLE}
    for key, value in fields.items():
        setattr(segment, key, value)
    segment.full_clean()
    changes = diff_fields(before, {f: getattr(segment, f) for f in SEGMENT_EDITABLE})
    if changes:
        segment.save()
        audit_record(actor=actor, action="segment.update", obj=segment, changes=changes)
    return segment


@transaction.atomic
def segment_delete(*, actor: User, segment: Segment) -> None:
    """Remove a segment (runs keep the segment names they were computed with)."""
    _require(actor)
    audit_record(actor=actor, action="segment.delete", obj=segment)
    segment.delete()


# -- Scoring models ----------------------------------------------------------------------------


def _spec(definition: dict[str, Any]) -> ModelSpec:
    try:
        return parse_model(definition)
    except ModelError as error:
        raise ValidationError({"definition": error.problems}) from None


@transaction.atomic
def scoring_model_save(
    *, actor: User | None, definition: dict[str, Any], notes: str = ""
) -> ScoringModel:
    """Store a model as a new version of its name (version 1 for a new name).

    Versions are never changed afterwards: runs keep the exact version they used.
    """
    _require(actor)
    spec = _spec(definition)
    newest = ScoringModel.objects.filter(name=spec.name).aggregate(v=Max("version"))["v"]
    model = ScoringModel(
        name=spec.name,
        version=(newest or 0) + 1,
        definition=model_to_dict(spec),
        notes=notes,
        created_by=actor,
    )
    model.full_clean()
    model.save()
    audit_record(
        actor=actor,
        action="scoring_model.save",
        obj=model,
        changes={"version": [newest, model.version]},
    )
    return model


def scoring_model_import(*, actor: User | None, text: str, notes: str = "") -> ScoringModel:
    """Read a model from TOML text (the documented file format) and save it as a version."""
    try:
        definition = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(
            {"definition": [_("Not valid TOML: %(error)s") % {"error": error}]}
        ) from None
    return scoring_model_save(actor=actor, definition=definition, notes=notes)


def scoring_model_install_preset(*, actor: User | None, key: str) -> ScoringModel:
    """Save a preset (``mcdonald``, ``fiocca``, ``simple``), or return its newest version."""
    definition = preset(key)
    existing = ScoringModel.objects.filter(name=definition["name"]).order_by("-version").first()
    if existing is not None:
        return existing
    return scoring_model_save(actor=actor, definition=definition, notes=_("Preset"))


# -- Manual scores -----------------------------------------------------------------------------


def score_tops(spec: ModelSpec, scale: int) -> dict[str, float]:
    """What each manual criterion of ``spec`` is scored out of: ``max`` for a points criterion,
    else ``scale`` (what the file's scores are out of)."""
    return {c.key: c.max_points or float(scale) for _a, _g, c in spec.criteria if c.manual}


def parse_scores(
    text: str, spec: ModelSpec, scale: int
) -> tuple[list[tuple[str, str, float, float]], list[str]]:
    """Rows ``(account, criterion, score, out of)`` of a ``account,criterion,score`` CSV for the
    model ``spec``, and the problems found, by line: each criterion is a manual criterion of
    the model, and each score lies between 0 and ``scale`` (``max`` for points criteria)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or {"account", "criterion", "score"} - set(reader.fieldnames):
        return [], [_("The file needs the columns account, criterion and score.")]
    tops = score_tops(spec, scale)
    rows, problems = [], []
    for line, row in enumerate(reader, start=2):
        account, criterion = (row["account"] or "").strip(), (row["criterion"] or "").strip()
        try:
            score = float(row["score"])
        except (TypeError, ValueError):
            problems.append(_("Line %(line)s: the score is not a number.") % {"line": line})
            continue
        top = tops.get(criterion)
        if top is None:
            problems.append(
                _("Line %(line)s: %(criterion)s is not scored by the team in %(model)s.")
                % {"line": line, "criterion": criterion, "model": spec.name}
            )
        elif not 0 <= score <= top:
            problems.append(
                _("Line %(line)s: the score is not between 0 and %(scale)s.")
                % {"line": line, "scale": f"{top:g}"}
            )
        else:
            rows.append((account, criterion, score, top))
    return rows, problems


def _store_scores(
    scores: dict[tuple[int, str], tuple[float, float]], *, model: ScoringModel, actor: User | None
) -> None:
    """Insert new scores and update the others, in a few queries whatever their number."""
    existing = {
        (s.account_id, s.criterion): s
        for s in ManualScore.objects.filter(
            model=model,
            account_id__in={a for a, _c in scores},
            criterion__in={c for _a, c in scores},
        )
    }
    changed = []
    for key, (score, top) in scores.items():
        if key in existing:
            row = existing[key]
            row.score, row.scale, row.scored_by = score, round(top), actor
            row.updated_at = timezone.now()
            changed.append(row)
    ManualScore.objects.bulk_update(changed, ["score", "scale", "scored_by", "updated_at"])
    ManualScore.objects.bulk_create(
        ManualScore(
            account_id=a, model=model, criterion=c, score=s, scale=round(top), scored_by=actor
        )
        for (a, c), (s, top) in scores.items()
        if (a, c) not in existing
    )


@transaction.atomic
def manual_scores_import(
    *, actor: User | None, model: ScoringModel, text: str, scale: int = 10
) -> int:
    """Store the scoring team's scores for one scoring model from a CSV
    ``account,criterion,score`` (``account`` is the group's customer id; scores out of
    ``scale``, points out of the criterion's ``max``). The scores belong to ``model`` (and the
    later versions of its name); no other model reads them. All or nothing; returns the rows
    stored."""
    _require(actor)
    rows, problems = parse_scores(text, model.spec, scale)
    heads = dict(
        Customer.objects.groups()
        .filter(source_id__in={a for a, _c, _s, _t in rows})
        .values_list("source_id", "pk")
    )
    unknown = sorted({a for a, _c, _s, _t in rows if a not in heads})
    if unknown:
        problems.append(_("Not customer groups: %(ids)s.") % {"ids": ", ".join(unknown[:10])})
    if problems:
        raise ValidationError(problems)
    _store_scores({(heads[a], c): (s, t) for a, c, s, t in rows}, model=model, actor=actor)
    audit_record(
        actor=actor,
        action="manual_score.import",
        obj=model,
        changes={"rows": len(rows), "model": str(model)},
    )
    return len(rows)


# -- Runs --------------------------------------------------------------------------------------

#: Metrics kept with each result, to explain it later.
KEPT_METRICS = (*METRICS, "abc")


def compute(
    *, model: ScoringModel, parameters: dict[str, Any], as_of: dt.date | None = None
) -> Outcome:
    """Compute a selection on the current data without saving it (the CLI's dry run)."""
    try:
        params = params_from_dict(parameters)
    except (ValueError, KeyError) as error:
        raise ValidationError({"parameters": [str(error)]}) from None
    prepared, as_of = selectors.prepared_accounts(as_of)
    manual = selectors.manual_frame(model.spec)
    try:
        return run_selection(prepared, model.spec, params, as_of=as_of, manual=manual)
    except (InfeasibleSelection, ValueError) as error:
        raise ValidationError(str(error)) from None


def _result(run: SelectionRun, row: dict[str, Any], spec: ModelSpec) -> SelectionResult:
    return SelectionResult(
        run=run,
        account_id=row["account"],
        rank=row["rank"],
        attractiveness=row["attractiveness"],
        strength=row["strength"],
        value=row["value"] if row["enough_data"] else None,
        evidence=row["evidence"],
        quadrant=row["quadrant"] or "",
        band=row["class"] or "",
        tier=row["tier"] or "",
        revenue_12m=row["revenue_12m"],
        margin_12m=row["margin_12m"],
        segment=row["segment"] or "",
        segments=row["segments"],
        metrics={k: row.get(k) for k in KEPT_METRICS if k in row},
        contributions={
            c.key: {
                "score": row[score_column(c.key)],
                "contribution": row[contribution_column(c.key)],
                "value": row.get(f"manual__{c.key}") if c.manual else row.get(c.metric or ""),
            }
            for _a, _g, c in spec.criteria
        },
        selected=row["selected"],
        top_n=row["top_n"],
        reason=row["reason"],
        override_reason=row["override_reason"],
    )


@transaction.atomic
def selection_run_create(
    *,
    actor: User | None,
    name: str,
    model: ScoringModel,
    parameters: dict[str, Any],
    as_of: dt.date | None = None,
) -> SelectionRun:
    """Compute a selection and save it with every account's result: a draft run."""
    _require(actor)
    if not name.strip():
        raise ValidationError({"name": _("Give the run a name.")})
    outcome = compute(model=model, parameters=parameters, as_of=as_of)
    summary = outcome_json(outcome, model.spec)["coverage"]
    run = SelectionRun.objects.create(
        name=name.strip(),
        model=model,
        parameters=params_to_dict(params_from_dict(parameters)),
        as_of=outcome.as_of,
        summary={**summary, "binding": outcome.binding},
        created_by=actor,
    )
    SelectionResult.objects.bulk_create(
        (_result(run, row, model.spec) for row in outcome.frame.iter_rows(named=True)),
        batch_size=1_000,
    )
    audit_record(
        actor=actor,
        action="selection_run.create",
        obj=run,
        changes={"model": [None, str(model)], "selected": [None, summary["accounts"]]},
    )
    return run


@transaction.atomic
def selection_run_submit(*, actor: User | None, run: SelectionRun) -> SelectionRun:
    """Submit a draft run to the steering committee."""
    _require(actor)
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != SelectionRun.Status.DRAFT:
        raise ValidationError(_("Only a draft run can be submitted."))
    if not run.results.filter(selected=True).exists():
        raise ValidationError(_("The run proposes no account."))
    run.status = SelectionRun.Status.SUBMITTED
    run.submitted_by = actor
    run.submitted_at = timezone.now()
    run.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="selection_run.submit",
        obj=run,
        changes={"status": ["draft", "submitted"]},
    )
    return run


@transaction.atomic
def selection_run_delete(*, actor: User, run: SelectionRun) -> None:
    """Delete a draft run (a submitted run is a record of the committee's work)."""
    _require(actor)
    if run.status != SelectionRun.Status.DRAFT:
        raise ValidationError(_("Only a draft run can be deleted."))
    audit_record(actor=actor, action="selection_run.delete", obj=run)
    run.delete()


@transaction.atomic
def validation_decide(
    *, actor: User | None, result: SelectionResult, decision: str, comment: str = ""
) -> Validation:
    """The steering committee's decision on one proposed account of a submitted run.

    A validated account becomes a nominated key account with the run's tier (its KAM is then
    assigned on the key account). Once every proposed account is decided, the run is closed.
    """
    _require(actor, "validate")
    run = SelectionRun.objects.select_for_update().get(pk=result.run_id)
    if run.status != SelectionRun.Status.SUBMITTED:
        raise ValidationError(_("Only the accounts of a submitted run can be decided."))
    if not result.selected:
        raise ValidationError(_("Only proposed accounts are decided."))
    if Validation.objects.filter(result=result).exists():
        raise ValidationError(_("This account has already been decided."))
    if decision == Validation.Decision.REJECTED and not comment.strip():
        raise ValidationError({"comment": _("Say why the account is rejected.")})
    validation = Validation(
        result=result, decision=decision, comment=comment.strip(), decided_by=actor
    )
    validation.full_clean()
    validation.save()
    audit_record(
        actor=actor,
        action=f"selection_result.{decision}",
        obj=result.account,
        changes={"run": [None, str(run.public_id)], "comment": [None, validation.comment]},
    )
    if decision == Validation.Decision.VALIDATED:
        key_account_nominate(
            actor=actor, customer=result.account, tier=result.tier, nominated_from_id=run.pk
        )
    pending = run.results.filter(selected=True, validation__isnull=True).exists()
    if not pending:
        run.status = SelectionRun.Status.CLOSED
        run.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="selection_run.close",
            obj=run,
            changes={"status": ["submitted", "closed"]},
        )
    return validation
