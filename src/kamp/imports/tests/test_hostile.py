"""Hostile files: NUL characters, bad bytes in UTF-8, runs whose process died, formula text."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

import openpyxl
import polars as pl
import pytest
from django.urls import reverse
from django.utils import timezone

from kamp.core.spreadsheets import neutralise
from kamp.customers.models import Customer
from kamp.imports.exports import to_csv, to_xlsx
from kamp.imports.models import ImportRun
from kamp.imports.services import import_run_create, import_runs_recover_stale
from kamp.imports.tasks import run_import as run_import_task
from kamp.imports.tests.helpers import raw_xlsx, run_import

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _parquet(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "row", "column"),
    [
        (b"customer_id,name\nC1,Acme\nC2,Bri\x00co\n", "c.csv", 3, "name"),
        (b"customer_id;name;Region\nC1;Acme;So\x00uth\n", "c.csv", 2, "Region"),
        (
            raw_xlsx(
                [
                    f'<row r="1">{_inline("A1", "customer_id")}{_inline("B1", "name")}</row>',
                    f'<row r="2">{_inline("A2", "C1")}{_inline("B2", "Ac_x0000_me")}</row>',
                ]
            ),
            "c.xlsx",
            2,
            "name",
        ),
        (_parquet(pl.DataFrame({"customer_id": ["C\x001"], "name": ["A"]})), "c.parquet", 1, ""),
    ],
)
def test_a_nul_character_in_any_imported_field_is_refused_with_row_and_column(
    content: bytes, name: str, row: int, column: str
) -> None:
    run = run_import("customers", content, name=name)
    assert run.status == ImportRun.Status.REJECTED, run.message
    problem = next(p for p in run.errors if "NUL character" in p["message"])
    assert problem["row"] == row
    assert problem["column"] == (column or "customer_id")
    assert "\\x00" in problem["value"]
    assert not any("\x00" in p["value"] for p in run.errors)  # storable as they are shown
    assert not Customer.objects.exists()


def test_a_nul_character_in_a_header_is_refused() -> None:
    run = run_import("customers", b"customer_id,name,Re\x00gion\nC1,Acme,South\n")
    assert run.status == ImportRun.Status.REJECTED
    assert "The header of column 3 holds a NUL character" in run.message
    assert run.errors[0]["row"] == 1


def test_a_utf8_file_with_a_bad_byte_is_refused_naming_line_and_byte() -> None:
    content = b"customer_id,name\nC1,Caf\xc3\xa9 Central\nC2,Caf\xe9 Bad\nC3,Na\xc3\xafve\n"
    run = run_import("customers", content)
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors[0]["row"] == 3
    assert "UTF-8 but 1 of its bytes are not" in run.message
    assert "line 3, byte 7 of the line (0xE9)" in run.message
    assert not Customer.objects.exists()


def test_a_file_that_is_not_utf8_at_all_is_read_as_windows_1252_and_says_so() -> None:
    content = b"customer_id,name\nC1,Caf\xe9 \x80uro\nC2,Na\xefve\n"
    run = run_import("customers", content)
    assert run.status == ImportRun.Status.IMPORTED, run.message
    assert run.message.startswith("The file is not UTF-8: it was read as Windows-1252.")
    names = sorted(Customer.objects.values_list("name", flat=True))
    assert names == ["Café €uro", "Naïve"]


def test_a_utf8_file_reads_as_utf8() -> None:
    run = run_import("customers", "customer_id,name\nC1,Café\n".encode())
    assert run.status == ImportRun.Status.IMPORTED
    assert "UTF-8" not in run.message
    assert Customer.objects.get().name == "Café"


def _running(minutes_ago: int, worker: str = "") -> ImportRun:
    run = import_run_create(actor=None, kind="sales", file_name="s.csv", chunks=[b"a,b\n"])
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING,
        worker=worker,
        updated_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return run


def test_a_run_whose_heartbeat_is_old_is_marked_failed_when_the_list_is_shown(
    client: Client, cast: Cast
) -> None:
    stale, alive = _running(61), _running(5)
    client.force_login(cast.director)
    assert client.get(reverse("imports:import-list")).status_code == 200
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == ImportRun.Status.FAILED
    assert "stopped without finishing" in stale.message
    assert "no progress since" in stale.message
    assert stale.finished_at is not None
    assert stale.path is None or not stale.path.exists()  # its upload is gone too
    assert alive.status == ImportRun.Status.RUNNING


def test_a_run_whose_process_is_gone_is_marked_failed_by_the_next_task() -> None:
    code = "import os; print(os.getpid())"
    ended = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    host = socket.gethostname()
    dead = _running(1, worker=f"{host}:{ended.stdout.strip()}")
    ours = _running(1, worker=f"{host}:{os.getpid()}")
    elsewhere = _running(1, worker="another-host:1")
    queued = import_run_create(actor=None, kind="sales", file_name="s.csv", chunks=[b"a,b\n"])
    run_import_task.call(queued.pk)
    for run in (dead, ours, elsewhere):
        run.refresh_from_db()
    assert dead.status == ImportRun.Status.FAILED
    assert "is gone" in dead.message
    assert ours.status == elsewhere.status == ImportRun.Status.RUNNING
    assert import_runs_recover_stale() == 0


HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-1+1", "@SUM(A1:A2)", "\t=1", "\r=1", "＝1+1", "plain"]


def test_csv_and_xlsx_exports_neutralise_the_same_values_the_same_way() -> None:
    frame = pl.DataFrame({"name": HOSTILE, "n": list(range(len(HOSTILE)))})
    csv_text = to_csv(frame).decode("utf-8-sig")
    from_csv = pl.read_csv(io.StringIO(csv_text), infer_schema=False).get_column("name")
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, title="t"))).active
    assert sheet is not None
    from_xlsx = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    expected = [neutralise(v) for v in HOSTILE]
    assert from_csv.to_list() == from_xlsx == expected
    assert expected[:7] == [f"'{v}" for v in HOSTILE[:7]]
    assert expected[7] == "plain"
