"""Import a million sales lines and compare the time with Polars' own parse of the same file.

Usage: ``.venv/bin/python benchmarks/import_sales.py [--lines 1000000]``. The script writes the
demo company's ERP files (``kamp generate-demo-data``), then, each in a fresh process so that peak
memory is the import's own, imports the customers (not timed) and the sales lines (timed) into a
new SQLite database, and into PostgreSQL when one answers at ``KAMP_BENCH_POSTGRES_URL``
(default ``postgresql://root@127.0.0.1:5432/postgres``; a ``kamp_bench`` database is created).

The reference is ``polars.read_csv`` of the same file with dates parsed, timed in the same
process just before the import: ``ratio`` = import seconds / Polars seconds says how much the
whole pipeline (hash, read, map, check every row, aggregate to months, write) costs beyond the
parse alone, on this machine. The last line is one JSON object:
``{"lines", "seconds", "lines_per_s", "peak_rss_mb", "polars_parse_s", "ratio", ...}``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kamp.imports.models import ImportRun

ROOT = Path(__file__).resolve().parent.parent
KAMP = ROOT / ".venv" / "bin" / "kamp"
DEFAULT_PG = "postgresql://root@127.0.0.1:5432/postgres"


def _leg(sales: Path, customers: Path) -> dict[str, object]:
    """In this process: migrate, import customers, time Polars, then time the sales import."""
    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _import("customers", customers)
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        pl.read_csv(sales, try_parse_dates=True)
        samples.append(time.perf_counter() - start)
    polars_s = statistics.median(samples)
    start = time.perf_counter()
    run = _import("sales", sales)
    seconds = time.perf_counter() - start
    lines = run.rows_imported
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "lines": lines,
        "seconds": round(seconds, 3),
        "lines_per_s": round(lines / seconds),
        "peak_rss_mb": round(peak_kb / 1024),
        "polars_parse_s": round(polars_s, 3),
        "ratio": round(seconds / polars_s, 2),
        "facts": run.created,
        "status": run.status,
    }


def _import(kind: str, path: Path) -> ImportRun:
    """Import a file as the command line does; stop the benchmark if it does not go in."""
    from kamp.imports.services import import_run_create, import_run_execute

    run = import_run_create(actor=None, kind=kind, file_name=path.name, path=path)
    run = import_run_execute(run_id=run.pk)
    if run.status != "imported":
        raise SystemExit(f"{kind} import ended {run.status}: {run.message} {run.errors[:3]}")
    return run


def _run_leg(files: Path, env: dict[str, str]) -> dict[str, object]:
    """Run one database leg in a fresh interpreter and return its figures."""
    command = [sys.executable, __file__, "--leg", str(files)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip() or done.stdout.strip())
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _postgres_env(base: dict[str, str]) -> dict[str, str] | None:
    """Environment for the PostgreSQL leg on a fresh ``kamp_bench`` database, if one answers."""
    url = os.environ.get("KAMP_BENCH_POSTGRES_URL", DEFAULT_PG)
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS kamp_bench")
            conn.execute("CREATE DATABASE kamp_bench")
    except Exception:  # noqa: BLE001 (no server: the leg is skipped)
        return None
    return {**base, "KAMP_DATABASE_URL": url.rsplit("/", 1)[0] + "/kamp_bench"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--leg", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leg:
        print(json.dumps(_leg(args.leg / "sales.csv", args.leg / "customers.csv")))  # noqa: T201
        return 0
    with tempfile.TemporaryDirectory(prefix="kamp-bench-") as tmp:
        files = Path(tmp) / "files"
        generate = [
            str(KAMP),
            "generate-demo-data",
            "--lines",
            str(args.lines),
            "--out",
            str(files),
        ]
        subprocess.run([*generate, "--json"], check=True, capture_output=True)
        env = {
            **os.environ,
            "KAMP_DEBUG": "true",
            "KAMP_DATA_DIR": str(Path(tmp) / "data"),
            "DJANGO_SETTINGS_MODULE": "kamp.settings",
        }
        env.pop("KAMP_DATABASE_URL", None)
        sqlite = _run_leg(files, env)
        print(f"SQLite      {sqlite}")  # noqa: T201
        pg_env = _postgres_env(env)
        postgres = _run_leg(files, pg_env) if pg_env else None
        print(f"PostgreSQL  {postgres or 'not reachable: skipped'}")  # noqa: T201
    print(json.dumps({**sqlite, "database": "sqlite", "postgresql": postgres}))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
