"""The demo's selection step: segments, the preset models, team scores and one draft run.

Called by ``kamp demo`` after the demo company is loaded. Every part is created only if it is
missing, so running the demo again changes nothing; it takes about a second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from kamp.customers.models import Customer
from kamp.selection import selectors, services
from kamp.selection.models import ManualScore, ScoringModel, Segment, SelectionRun
from kamp.selection.presets import PRESETS

DEMO_RUN = "Demo selection"
#: The demo's segments: name, industries, value-proposition fit (0-10).
SEGMENTS = (
    (
        "Water & process industries",
        ["Water & wastewater", "Chemicals", "Pulp & paper", "Pharmaceuticals"],
        9,
    ),
    ("Food & beverage", ["Food & beverage"], 7),
    ("Energy & heavy industry", ["Utilities", "Mining & metals"], 6),
    ("Construction, automotive & logistics", ["Construction", "Automotive", "Logistics"], 4),
)
SCORED_ACCOUNTS = 150


@dataclass(frozen=True)
class DemoSelection:
    segments: int
    models: int
    scores: int
    run: SelectionRun | None
    created: bool


def _hash_score(source_id: str, criterion: str) -> float:
    """A stable pseudo-random team score from 2 to 10, in steps of 2 (same for every seed)."""
    digest = hashlib.sha256(f"{source_id}:{criterion}".encode()).digest()
    return float(2 + 2 * (digest[0] % 5))


def _segments() -> int:
    created = 0
    for position, (name, industries, fit) in enumerate(SEGMENTS):
        if not Segment.objects.filter(name=name).exists():
            rules = [{"field": "industry", "op": "in", "values": industries}]
            services.segment_create(actor=None, name=name, rules=rules, fit=fit, position=position)
            created += 1
    return created


def _scores() -> int:
    """Team scores of the largest accounts on every manual criterion, for each preset model."""
    if ManualScore.objects.exists():
        return 0
    prepared, _as_of = selectors.prepared_accounts()
    top = prepared.sort("revenue_12m", descending=True).head(SCORED_ACCOUNTS)["source_id"]
    stored = 0
    for model in ScoringModel.objects.latest_versions():
        tops = services.score_tops(model.spec, 10)
        if not tops:
            continue
        lines = ["account,criterion,score"]
        lines += [
            f"{a},{k},{_hash_score(a, k) * top / 10:g}"
            for a in top.to_list()
            for k, top in tops.items()
        ]
        stored += services.manual_scores_import(actor=None, model=model, text="\n".join(lines))
    return stored


@transaction.atomic
def demo_selection_ensure() -> DemoSelection:
    """Add whatever part of the demo's selection is missing."""
    segments = _segments()
    models = [services.scoring_model_install_preset(actor=None, key=k) for k in PRESETS]
    scores = _scores()
    run = SelectionRun.objects.filter(name=DEMO_RUN).first()
    created = run is None
    if run is None:
        mcdonald = models[0]
        # At least five water and process accounts, if the base has them (small demos may not).
        available = Customer.objects.groups().filter(industry__in=SEGMENTS[0][1]).count()
        parameters = {
            "kams": 4,
            "per_kam": {"gold": 3, "silver": 5, "bronze": 8},
            "max_accounts": 30,
            "limits": [
                {
                    "dimension": "segment",
                    "key": SEGMENTS[0][0],
                    "minimum": min(5, available),
                    "maximum": None,
                }
            ],
        }
        run = services.selection_run_create(
            actor=None, name=DEMO_RUN, model=mcdonald, parameters=parameters
        )
    return DemoSelection(segments, len(models), scores, run, created)
