"""Peak memory of an import, whatever the file: an XLSX bomb and a million-line CSV.

Usage: ``.venv/bin/python benchmarks/import_memory.py [--bomb-rows 4000000] [--lines 1000000]``.

Each case runs in a fresh interpreter (so ``ru_maxrss`` is that import's own peak) on a new
SQLite database, through the services as ``kamp import`` does, under the default
``KAMP_IMPORT_MAX_*`` limits and with the address space capped (``--cap-gb``, 12) so that a
regression fails here instead of taking the machine down:

- ``xlsx_bomb``: a workbook of ``--bomb-rows`` identical one-cell rows without row numbers,
  written with :mod:`zipfile` (a few hundred kilobytes that unpack to ~100 MB). The one that
  took an import to 22 GB held 4 million tiny rows; it must be refused before it is parsed.
- ``csv``: the demo company's ERP sales file (``kamp generate-demo-data --lines``), imported
  after its customers.

``baseline_rss_mb`` is the same interpreter after Django, Polars and the migrations, before the
import. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KAMP = ROOT / ".venv" / "bin" / "kamp"
_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
    'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="'
    'xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
    'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}


def write_bomb(path: Path, rows: int) -> None:
    """A workbook of ``rows`` tiny rows, streamed into the archive (never held in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://')
            sheet.write(b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            block = b"<row><c><v>1</v></c></row>" * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(b"<row><c><v>1</v></c></row>" * (rows % 10_000))
            sheet.write(b"</sheetData></worksheet>")


def _case(case: str, files: list[Path]) -> dict[str, object]:
    """In this process: migrate, import ``files`` in order, report the last import's peak."""
    import django

    django.setup()
    from django.core.management import call_command

    from kamp.imports.services import import_run_create, import_run_execute

    call_command("migrate", interactive=False, verbosity=0)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kinds = ["customers", "sales"] if case == "csv" else ["sales"]
    start = time.perf_counter()
    for kind, path in zip(kinds, files, strict=True):
        run = import_run_create(actor=None, kind=kind, file_name=path.name, path=path)
        run = import_run_execute(run_id=run.pk)
    return {
        "file_bytes": files[-1].stat().st_size,
        "status": run.status,
        "rows_read": run.rows_read,
        "message": run.message[:200],
        "seconds": round(time.perf_counter() - start, 2),
        "baseline_rss_mb": round(baseline / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _run_case(case: str, files: list[Path], env: dict[str, str], cap_gb: int) -> dict[str, object]:
    command = [sys.executable, __file__, "--case", case, "--cap-gb", str(cap_gb)]
    command += [str(f) for f in files]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"status": "crashed", "returncode": done.returncode, "stderr": done.stderr[-500:]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bomb-rows", type=int, default=4_000_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--cap-gb", type=int, default=12)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        cap = args.cap_gb << 30
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        print(json.dumps(_case(args.case, args.files)))  # noqa: T201
        return 0
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="kamp-memory-") as tmp:
        base = {
            **os.environ,
            "KAMP_DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "kamp.settings",
        }
        base.pop("KAMP_DATABASE_URL", None)
        bomb = Path(tmp) / "bomb.xlsx"
        write_bomb(bomb, args.bomb_rows)
        env = {**base, "KAMP_DATA_DIR": str(Path(tmp) / "bomb-data")}
        results["xlsx_bomb"] = {
            "rows": args.bomb_rows,
            **_run_case("xlsx", [bomb], env, args.cap_gb),
        }
        print(f"xlsx bomb  {results['xlsx_bomb']}")  # noqa: T201
        files = Path(tmp) / "files"
        generate = [
            str(KAMP),
            "generate-demo-data",
            "--lines",
            str(args.lines),
            "--out",
            str(files),
        ]
        subprocess.run([*generate, "--json"], check=True, capture_output=True, env=base)
        env = {**base, "KAMP_DATA_DIR": str(Path(tmp) / "csv-data")}
        csv_files = [files / "customers.csv", files / "sales.csv"]
        results["csv"] = {"lines": args.lines, **_run_case("csv", csv_files, env, args.cap_gb)}
        print(f"csv        {results['csv']}")  # noqa: T201
    print(json.dumps(results))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
