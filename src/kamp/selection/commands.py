"""What ``kamp select`` and ``kamp scoring-model`` do, as plain functions (the typer commands
in :mod:`kamp.cli` only parse options and print). Needs Django set up."""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any

import polars as pl
from django.core.exceptions import ValidationError

from kamp.selection import selectors, services
from kamp.selection.engine import DEFAULT_PER_KAM, params_from_dict, run_selection
from kamp.selection.models import ScoringModel
from kamp.selection.presets import PRESETS, preset, preset_text
from kamp.selection.scoring import ModelError, parse_model

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from pathlib import Path

    from kamp.selection.engine import Outcome
    from kamp.selection.scoring import ModelSpec

CAPACITY_KEYS = ("kams", *DEFAULT_PER_KAM, "min_accounts", "max_accounts", "top_n")


def parse_capacity(items: Sequence[str]) -> dict[str, Any]:
    """``kams=4,gold=3`` (any number of options, commas or repeats) to run parameters."""
    found: dict[str, int] = {}
    for item in (p.strip() for text in items for p in text.split(",") if p.strip()):
        key, _eq, value = item.partition("=")
        if key.strip() not in CAPACITY_KEYS or not value.strip().isdigit():
            raise ValidationError(
                f"Cannot read capacity {item!r}: use key=number with keys "
                f"{', '.join(CAPACITY_KEYS)}."
            )
        found[key.strip()] = int(value)
    parameters: dict[str, Any] = {k: found[k] for k in found if k not in DEFAULT_PER_KAM}
    parameters["per_kam"] = {t: found.get(t, n) for t, n in DEFAULT_PER_KAM.items()}
    return parameters


def parse_overrides(items: Sequence[str], *, include: bool) -> list[dict[str, Any]]:
    """``C000123:reason`` options to overrides (a reason is required)."""
    overrides = []
    for item in items:
        account, colon, reason = item.partition(":")
        if not colon or not reason.strip():
            raise ValidationError(f"Give a reason after a colon: {item!r} (e.g. C000123:partner).")
        overrides.append({"account": account.strip(), "include": include, "reason": reason.strip()})
    return overrides


def parse_limits(items: Sequence[str]) -> list[dict[str, Any]]:
    """``segment|Water|2|6`` options (dimension, key, minimum, maximum; empty for none)."""
    limits = []
    for item in items:
        parts = [p.strip() for p in item.split("|")]
        if len(parts) != 4 or not all(p.isdigit() or not p for p in parts[2:]):
            raise ValidationError(f"Cannot read limit {item!r}: use dimension|key|min|max.")
        bounds = [int(p) if p else None for p in parts[2:]]
        limits.append(
            {"dimension": parts[0], "key": parts[1], "minimum": bounds[0], "maximum": bounds[1]}
        )
    return limits


def parse_penalties(items: Sequence[str]) -> dict[str, float]:
    """``C000123=0.2`` options (risk or cost to serve, 0 to 1) to run parameters."""
    penalties = {}
    for item in items:
        account, _eq, value = item.partition("=")
        try:
            share = float(value)
        except ValueError:
            share = -1.0
        if not account.strip() or not 0 <= share <= 1:
            raise ValidationError(f"Cannot read penalty {item!r}: use ID=share, e.g. C000123=0.2.")
        penalties[account.strip()] = share
    return penalties


def load_spec(model_file: Path | None, model_name: str | None) -> ModelSpec:
    """The model from a TOML file, else the newest version of a stored model (by name, or the
    newest saved), else the simple preset."""
    try:
        if model_file is not None:
            return parse_model(tomllib.loads(model_file.read_text(encoding="utf-8")))
        qs = ScoringModel.objects.order_by("-created_at", "-version")
        stored = qs.filter(name=model_name).first() if model_name else qs.first()
        if model_name and stored is None:
            raise ValidationError(f"No scoring model named {model_name!r}.")
        return stored.spec if stored is not None else parse_model(preset("simple"))
    except ModelError as error:
        raise ValidationError(error.problems) from None
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"Not valid TOML: {error}") from None


def model_text(name: str, version: int | None = None) -> str:
    """A saved scoring model (its given version, else the newest) or a preset, as TOML."""
    models = ScoringModel.objects.filter(name=name).order_by("-version")
    stored = models.filter(version=version).first() if version else models.first()
    if stored is not None:
        return stored.toml()
    if name not in PRESETS:
        known = ", ".join(sorted({*ScoringModel.objects.values_list("name", flat=True)}))
        raise ValidationError(f"No scoring model named {name!r} (saved: {known or 'none'}).")
    return preset_text(name)


def _scores_file(path: Path, accounts: pl.DataFrame, spec: ModelSpec) -> pl.DataFrame:
    """The file's scores for ``spec`` (its manual criteria only; on its scale, points out of
    their ``max``)."""
    rows, problems = services.parse_scores(path.read_text(encoding="utf-8"), spec, spec.scale)
    ids = dict(zip(accounts["source_id"].to_list(), accounts["account"].to_list(), strict=True))
    unknown = sorted({a for a, _c, _s, _t in rows if a not in ids})
    if unknown:
        problems.append(f"Not customer groups: {', '.join(unknown[:10])}.")
    if problems:
        raise ValidationError(problems)
    return pl.DataFrame(
        [(ids[a], c, s) for a, c, s, _t in rows],
        schema={"account": pl.Int64, "criterion": pl.String, "score": pl.Float64},
        orient="row",
    )


def select(
    *,
    spec: ModelSpec,
    parameters: dict[str, Any],
    scores_file: Path | None = None,
    as_of: dt.date | None = None,
) -> Outcome:
    """Compute a selection without saving it: the team scores stored for the model of that
    name, overlaid by the file's (which are for this model)."""
    try:
        params = params_from_dict(parameters)
    except (ValueError, KeyError) as error:
        raise ValidationError(str(error)) from None
    prepared, as_of = selectors.prepared_accounts(as_of)
    manual = selectors.manual_frame(spec)
    if scores_file is not None:
        extra = _scores_file(scores_file, prepared, spec)
        manual = pl.concat([manual, extra]).unique(["account", "criterion"], keep="last")
    try:
        return run_selection(prepared, spec, params, as_of=as_of, manual=manual)
    except ValueError as error:
        raise ValidationError(str(error)) from None
