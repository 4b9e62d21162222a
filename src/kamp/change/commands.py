"""What ``kamp maturity --json`` does, as a plain function (the typer command only prints).
Needs Django set up."""

from __future__ import annotations

from typing import Any

from kamp.change.selectors import AssessmentResult, latest_result
from kamp.users.models import User


def _as_dict(result: AssessmentResult | None) -> dict[str, Any]:
    if result is None:
        return {"index": None, "phase": None, "dimensions": [], "assessed_on": None}
    return {
        "index": result.index,
        "phase": result.phase,
        "dimensions": [
            {"name": d.code, "level": d.level, "target": d.target, "evidence": d.evidence}
            for d in result.dimensions
        ],
        "assessed_on": result.assessment.assessed_on.isoformat(),
    }


def maturity_report(actor: User | None = None) -> dict[str, Any]:
    """The latest rated assessment, JSON-ready: ``index`` (1–4), ``phase`` (A–D),
    ``dimensions`` (``name``, ``level``, ``target``, ``evidence``) and ``assessed_on``.

    The command line runs with the operator's full rights, so without ``actor`` it reads as a
    superuser would; ``index``, ``phase`` and ``assessed_on`` are null before any rating.
    """
    reader = actor or User(is_superuser=True, is_active=True)
    return _as_dict(latest_result(actor=reader))
