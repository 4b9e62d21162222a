"""Scoring models as plain data and as TOML, in the documented file format.

:func:`model_to_dict` gives the shape :func:`~kamp.selection.model_spec.parse_model` reads;
:func:`to_toml` writes that shape with ``tomli_w``, so any text (quotes, backslashes, carriage
returns, control characters) comes back unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import tomli_w

if TYPE_CHECKING:
    from kamp.selection.model_spec import Axis, Criterion, ModelSpec


def model_to_dict(spec: ModelSpec) -> dict[str, Any]:
    """The model as plain data, in the file format's shape (what :func:`parse_model` reads)."""
    return {
        "name": spec.name,
        "description": spec.description,
        "scale": spec.scale,
        "missing": spec.missing,
        "min_evidence": _plain(spec.min_evidence),
        "axes": [_axis_dict(a) for a in spec.axes],
        "matrix": {
            "attractiveness_threshold": _plain(spec.matrix.attractiveness_threshold),
            "strength_threshold": _plain(spec.matrix.strength_threshold),
            "quadrants": [
                {"key": q.key, "label": q.label, "policy": q.policy, "tier": q.tier}
                for q in spec.matrix.quadrants
            ],
        },
    }


def _plain(value: float) -> float | int:
    """Whole numbers as integers, so files read ``weight = 40`` rather than ``40.0``."""
    return int(value) if float(value).is_integer() else value


def _axis_dict(a: Axis) -> dict[str, Any]:
    """An axis; a points axis leaves out its weights (they follow from the maxima)."""
    groups = []
    for g in a.groups:
        group: dict[str, Any] = {"name": g.name}
        if not a.is_points:
            group["weight"] = _plain(g.weight)
        group["criteria"] = [_criterion_dict(c) for c in g.criteria]
        groups.append(group)
    data: dict[str, Any] = {"key": a.key, "label": a.label, "groups": groups}
    if a.bands:
        data["bands"] = [{"name": b.name, "min": _plain(b.min), "tier": b.tier} for b in a.bands]
    return data


def _criterion_dict(c: Criterion) -> dict[str, Any]:
    data: dict[str, Any] = {"key": c.key}
    if c.max_points is not None:
        data["points"] = True
        data["max"] = _plain(c.max_points)
    else:
        data["weight"] = _plain(c.weight)
    if c.label:
        data["label"] = c.label
    if c.manual:
        data["manual"] = True
    else:
        data["metric"] = c.metric
        if c.max_points is None:
            data["normalise"] = c.normalise
    if c.range is not None:
        data["range"] = [_plain(v) for v in c.range]
    if c.normalise == "thresholds":
        data["thresholds"] = [_plain(t) for t in c.thresholds]
        if c.points:
            data["points"] = [_plain(p) for p in c.points]
    if c.invert:
        data["invert"] = True
    if c.missing:
        data["missing"] = c.missing
    return data


def _without_empty_text(data: Any) -> Any:
    """Leave out empty strings (an empty label or description reads back as the default)."""
    if isinstance(data, dict):
        return {k: _without_empty_text(v) for k, v in data.items() if v != ""}
    if isinstance(data, list):
        return [_without_empty_text(v) for v in data]
    return data


def to_toml(spec: ModelSpec) -> str:
    """The model in the documented TOML format; :func:`parse_model` reads it back unchanged."""
    return tomli_w.dumps(_without_empty_text(model_to_dict(spec)))
