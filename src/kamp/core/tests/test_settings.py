"""Settings come from the environment, refuse bad values, and are strict in production."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ImproperlyConfigured

from kamp.env import env_bool, env_int, env_list, env_str

if TYPE_CHECKING:
    from pathlib import Path


def test_booleans_accept_the_usual_spellings_and_refuse_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for raw, expected in [("true", True), ("YES", True), ("1", True), ("off", False), ("", False)]:
        monkeypatch.setenv("KAMP_X", raw)
        assert env_bool("KAMP_X", default=not expected) is expected
    monkeypatch.setenv("KAMP_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="KAMP_X must be true or false"):
        env_bool("KAMP_X", default=False)


def test_numbers_and_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMP_N", "12")
    monkeypatch.setenv("KAMP_L", " a.example, ,b.example ")
    assert env_int("KAMP_N", 1) == 12
    assert env_list("KAMP_L", []) == ["a.example", "b.example"]
    monkeypatch.setenv("KAMP_N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("KAMP_N", 1)


def test_a_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("KAMP_S_FILE", str(secret))
    assert env_str("KAMP_S", "default") == "s3cret"


def _settings_process(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KAMP_")}
    clean.update({"KAMP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kamp.settings"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=clean,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _settings_process(tmp_path, KAMP_ALLOWED_HOSTS="kamp.example.com")
    assert result.returncode != 0
    assert "KAMP_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    result = _settings_process(tmp_path, KAMP_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "KAMP_ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    result = _settings_process(
        tmp_path,
        KAMP_SECRET_KEY="a-long-random-production-secret-" + "q8Zr2" * 10,
        KAMP_ALLOWED_HOSTS="kamp.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_generates_a_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMP_")}
    env.update({"KAMP_DATA_DIR": str(tmp_path), "KAMP_DEBUG": "true"})
    env["DJANGO_SETTINGS_MODULE"] = "kamp.settings"
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    first = subprocess.run(run, capture_output=True, text=True, env=env, check=True).stdout
    second = subprocess.run(run, capture_output=True, text=True, env=env, check=True).stdout
    assert first == second
    assert len(first.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only
