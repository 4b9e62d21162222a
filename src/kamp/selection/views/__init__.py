"""Pages of segmentation and selection, one module per sub-domain; ``urls`` names them here.

Views are thin: they fetch with ``get_*_for`` (404 for whoever may not see selection, 403 for
whoever may see but not change or validate), read with selectors and write with services.
"""

from __future__ import annotations

from kamp.selection.views.metrics import account_metrics
from kamp.selection.views.overview import overview
from kamp.selection.views.results import result_decide, result_detail
from kamp.selection.views.runs import (
    run_compare,
    run_create,
    run_delete,
    run_detail,
    run_list,
    run_results,
    run_submit,
)
from kamp.selection.views.scores import manual_scores
from kamp.selection.views.scoring_models import (
    model_create,
    model_detail,
    model_edit,
    model_export,
    model_import,
    model_list,
    model_preset,
)
from kamp.selection.views.segments import (
    segment_create,
    segment_delete,
    segment_edit,
    segment_list,
)

__all__ = [
    "account_metrics",
    "manual_scores",
    "model_create",
    "model_detail",
    "model_edit",
    "model_export",
    "model_import",
    "model_list",
    "model_preset",
    "overview",
    "result_decide",
    "result_detail",
    "run_compare",
    "run_create",
    "run_delete",
    "run_detail",
    "run_list",
    "run_results",
    "run_submit",
    "segment_create",
    "segment_delete",
    "segment_edit",
    "segment_list",
]
