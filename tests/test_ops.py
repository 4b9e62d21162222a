"""Issue 11: health check, JSON logs, backups, waitress behind a proxy, the key after the demo."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kamp.ops.backup import backup_database, restore_database
from kamp.ops.logging import JsonFormatter
from kamp.ops.server import waitress_options
from kamp.organisation.models import Region

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
def test_healthz_answers_json_without_login(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == {"ok": True}


@pytest.mark.django_db
def test_healthz_reports_a_worker_that_leaves_tasks_waiting(client: Client) -> None:
    with override_settings(TASKS=DB_TASKS, KAMP_HEALTH_TASK_MAX_WAIT=60):
        assert client.get("/healthz").json()["worker"]["checked"] is True
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="kamp.imports.tasks.run_import",
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
        )
        assert client.get("/healthz").status_code == 200  # just queued
        DBTaskResult.objects.filter(pk=task.pk).update(
            enqueued_at=timezone.now() - timedelta(minutes=5)
        )
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["worker"]["ok"] is False
    assert body["worker"]["oldest_waiting_seconds"] >= 300


def test_json_logs_are_one_object_per_line_with_the_request() -> None:
    request = RequestFactory().get("/customers/")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/customers/",), None
    )
    record.request = request
    record.status_code = 404
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /customers/"
    assert entry["path"] == "/customers/"
    assert entry["status"] == 404
    assert entry["timestamp"].endswith("+00:00")


def test_json_logs_carry_the_traceback() -> None:
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.LogRecord("kamp", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: bad" in entry["exception"]


def test_kamp_log_format_json_switches_the_console_handler(tmp_path: Path) -> None:
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('kamp.test').warning('hello %s', 'world')"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMP_")}
    env.update(
        KAMP_DATA_DIR=str(tmp_path),
        KAMP_DEBUG="true",
        KAMP_LOG_FORMAT="json",
        DJANGO_SETTINGS_MODULE="kamp.settings",
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    entry = json.loads(run.stderr.strip().splitlines()[-1])
    assert entry["message"] == "hello world"
    assert entry["logger"] == "kamp.test"


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_data_it_was_taken_with(tmp_path: Path) -> None:
    Region.objects.create(code="IB", name="Iberia")
    backup = backup_database(tmp_path / "kamp.backup")
    assert backup.stat().st_size > 0
    Region.objects.filter(code="IB").update(name="Changed")
    Region.objects.create(code="NO", name="Nordics")

    restore_database(backup)

    assert dict(Region.objects.values_list("code", "name")) == {"IB": "Iberia"}
    assert connection.vendor in {"sqlite", "postgresql"}


def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        restore_database(tmp_path / "none")


def test_waitress_trusts_forwarded_headers_only_from_the_configured_proxy() -> None:
    plain = waitress_options(host="127.0.0.1", port=8000, threads=8, trusted_proxies=[])
    assert plain == {"host": "127.0.0.1", "port": 8000, "threads": 8, "ident": "kamp"}
    proxied = waitress_options(host="0.0.0.0", port=8000, threads=4, trusted_proxies=["10.0.0.2"])
    assert proxied["trusted_proxy"] == "10.0.0.2"
    assert proxied["clear_untrusted_proxy_headers"] is True
    assert "x-forwarded-proto" in proxied["trusted_proxy_headers"]
    # The options are ones waitress knows.
    from waitress.adjustments import Adjustments

    Adjustments(**{k: v for k, v in proxied.items() if k not in {"host", "port"}})
    with pytest.raises(ImproperlyConfigured, match="one reverse proxy"):
        waitress_options(host="h", port=1, threads=1, trusted_proxies=["10.0.0.2", "10.0.0.3"])


def _kamp_settings(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KAMP_")}
    clean.update(KAMP_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kamp.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        env=clean,
        check=False,
    )


def test_after_the_demo_the_command_line_works_without_debug(tmp_path: Path) -> None:
    show = "from django.conf import settings as s; print(s.SECRET_KEY, s.DEBUG, s.ALLOWED_HOSTS)"
    demo = _kamp_settings(tmp_path, show, KAMP_DEBUG="true")  # what `kamp demo` does
    assert demo.returncode == 0, demo.stderr
    after = _kamp_settings(
        tmp_path,
        show + "; print(s.SECURE_SSL_REDIRECT)",
    )
    assert after.returncode == 0, after.stderr
    key, debug, *hosts = after.stdout.splitlines()[0].split(" ", 2)
    assert key == demo.stdout.split(" ")[0]  # the demo's generated key
    assert debug == "False"
    assert "127.0.0.1" in hosts[0]
    assert after.stdout.splitlines()[1] == "False"  # loopback only: nothing to redirect to
    # A configured key still wins, and still needs its hosts.
    configured = _kamp_settings(tmp_path, show, KAMP_SECRET_KEY="k" * 60)
    assert "KAMP_ALLOWED_HOSTS" in configured.stderr


@pytest.mark.django_db(transaction=True)
def test_kamp_backup_and_restore_bring_the_data_back(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kamp.cli import app

    runner = CliRunner()
    Region.objects.create(code="IB", name="Iberia")
    target = tmp_path / "nightly.backup"

    made = runner.invoke(app, ["backup", str(target), "--json"])
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["bytes"] == target.stat().st_size > 0

    Region.objects.all().delete()
    refused = runner.invoke(app, ["restore", str(target)], input="n\n")
    assert refused.exit_code == 1
    assert not Region.objects.exists()

    restored = runner.invoke(app, ["restore", str(target), "--yes", "--json"])
    assert restored.exit_code == 0, restored.output
    assert list(Region.objects.values_list("name", flat=True)) == ["Iberia"]
    missing = runner.invoke(app, ["restore", str(tmp_path / "none"), "--yes"])
    assert missing.exit_code == 1
    assert "No backup at" in missing.output
