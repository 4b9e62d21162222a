"""Time the Monte Carlo of the pipeline (method §6.1.4) against a plain Python loop.

Usage: ``.venv/bin/python benchmarks/forecast.py [--runs 10000] [--accounts 500]
[--opportunities 20] [--seed 1]``. Needs no extras and no database: the simulation is
:func:`kamp.performance.forecast.simulate`, pure NumPy.

The pipeline is ``accounts × opportunities`` deals with random amounts (log-normal around
50,000) and probabilities (uniform 5–95 %). **Timed, ours** (``seconds``): every run's total
revenue, drawing the uniforms included. **Timed, reference** (``loop_seconds``): a plain Python
loop over the *same* uniforms (won when draw < p, add the amount) for 1 % of the runs, scaled
× 100. The loop's totals are checked to equal the vectorised ones on those runs first.

The last line is one JSON object ``{"runs", "accounts", "opportunities", "seconds",
"loop_seconds", "speedup"}``. Target: seconds < 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kamp.performance.forecast import draw_uniforms, simulate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--opportunities", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    deals = args.accounts * args.opportunities
    rng = np.random.default_rng(args.seed + 99)
    amounts = np.round(rng.lognormal(np.log(50_000), 0.8, deals), 2)
    probabilities = rng.uniform(0.05, 0.95, deals)

    started = time.perf_counter()
    totals = simulate(amounts, probabilities, runs=args.runs, seed=args.seed)
    time.perf_counter() - started

    sample = max(1, args.runs // 100)
    uniforms = np.concatenate(draw_uniforms(args.runs, deals, args.seed))[:sample].tolist()
    amount_list, probability_list = amounts.tolist(), probabilities.tolist()
    started = time.perf_counter()
    loop_totals = []
    for row in uniforms:
        total = 0.0
        for draw, p, amount in zip(row, probability_list, amount_list, strict=True):
            if draw < p:
                total += amount
        loop_totals.append(total)
    (time.perf_counter() - started) * args.runs / sample
    if not np.allclose(loop_totals, totals[:sample], rtol=1e-9):
        raise SystemExit("The loop and the vectorised simulation disagree.")


if __name__ == "__main__":
    main()
