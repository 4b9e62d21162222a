"""The deployment files (deploy/) and docs/production.md stay true to the code.

Docker is not available where the tests run, so the files are read: every file the Dockerfile
copies exists, every kamp command they run exists, and every KAMP_ variable the settings read is
documented.
"""

from __future__ import annotations

import configparser
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
KAMP = Path(sys.executable).parent / "kamp"


def _kamp_commands(argvs: list[list[str]]) -> set[str]:
    return {argv[1] for argv in argvs if argv and Path(argv[0]).name == "kamp"}


def _dockerfile() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return data


def test_the_dockerfile_copies_files_that_exist_and_runs_kamp_commands() -> None:
    instructions = _dockerfile()
    assert instructions[0][0] == "FROM"
    for name, args in instructions:
        if name == "COPY" and not args.startswith("--from"):
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), source
    commands = [json_argv(args) for name, args in instructions if name == "CMD"]
    assert _kamp_commands(commands) == {"serve"}
    assert any(name == "USER" and args != "root" for name, args in instructions)
    assert any(name == "HEALTHCHECK" and "/healthz" in args for name, args in instructions)


def json_argv(args: str) -> list[str]:
    argv: list[str] = json.loads(args)
    return argv


def test_compose_runs_kamp_postgresql_and_a_worker_from_the_dockerfile() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"db", "migrate", "web", "worker"} <= services.keys()
    assert services["db"]["image"].startswith("postgres:")
    for name in ("migrate", "web", "worker"):
        build = services[name]["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
        assert services[name]["environment"]["KAMP_DATABASE_URL"].startswith("postgresql://")
    commands = [services[name]["command"] for name in ("migrate", "web", "worker")]
    assert _kamp_commands(commands) == {"migrate", "serve", "worker"}
    assert "--no-worker" in services["web"]["command"]  # the worker runs on its own
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]  # only the host's proxy


def test_the_systemd_unit_starts_kamp() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "kamp.service", encoding="utf-8")
    service = unit["Service"]
    argvs = [shlex.split(service[key]) for key in ("ExecStartPre", "ExecStart")]
    assert _kamp_commands(argvs) == {"migrate", "serve"}
    assert service["User"] == "kamp"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.parametrize("command", ["serve", "worker", "migrate"])
def test_the_commands_the_deployment_runs_exist(command: str) -> None:
    result = subprocess.run(
        [str(KAMP), command, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_every_setting_read_from_the_environment_is_documented() -> None:
    settings = (ROOT / "src/kamp/settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_\w+\(\s*"(KAMP_\w+)"', settings))
    docs = (ROOT / "docs/production.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(KAMP_\w+)`", docs))
    documented |= {name for name in read if name.startswith("KAMP_OIDC_") and name in docs}
    assert read - documented == set()
    deployed = set(re.findall(r"\b(KAMP_\w+)\b", (DEPLOY / "compose.yaml").read_text()))
    assert deployed <= read
