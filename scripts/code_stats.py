"""Module sizes and function lengths of kamp's source, for keeping the house in shape.

    .venv/bin/python scripts/code_stats.py [--top 5] [--json]

Counts lines of every ``.py`` file under ``src/`` and ``tests/`` (migrations excepted), and the
length of every function and method (from its ``def`` to its last line, decorators excluded).
Exits 1 when a module is over the 600-line limit.
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 600


def modules() -> list[Path]:
    """Every Python module of the source and tests, migrations excepted."""
    return sorted(
        path
        for top in ("src", "tests")
        for path in (ROOT / top).rglob("*.py")
        if "migrations" not in path.parts
    )


def function_lengths(path: Path) -> list[int]:
    """The length in lines of each function and method defined in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=5, help="How many of the largest modules.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()

    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in modules()}
    lengths = [n for path in sizes for n in function_lengths(path)]
    largest = sorted(sizes.items(), key=lambda item: -item[1])[: args.top]
    over = [str(path.relative_to(ROOT)) for path, n in sizes.items() if n > LIMIT]
    quantiles = statistics.quantiles(lengths, n=10)
    report = {
        "modules": len(sizes),
        "largest": [{"module": str(p.relative_to(ROOT)), "lines": n} for p, n in largest],
        "functions": len(lengths),
        "function_lines_median": statistics.median(lengths),
        "function_lines_p90": quantiles[8],
        "over_limit": over,
    }
    if args.json:
        print(json.dumps(report))  # noqa: T201
    else:
        for row in report["largest"]:
            print(f"{row['lines']:>5}  {row['module']}")  # noqa: T201
        print(  # noqa: T201
            f"{report['functions']} functions in {report['modules']} modules: median "
            f"{report['function_lines_median']} lines, p90 {report['function_lines_p90']:.0f}."
        )
        for module in over:
            print(f"over {LIMIT} lines: {module}")  # noqa: T201
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
