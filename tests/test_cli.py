"""The ``kamp`` command: help, users and tokens, demo data files, Django passthrough, errors.

Most tests run the typer app in-process (fast, and inside the test database); one runs the real
entry point in a subprocess against a fresh data directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from kamp.cli import app
from kamp.organisation.models import Membership
from kamp.users.models import ApiToken, User
from kamp.users.services import token_authenticate

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_django.fixtures import Settings

    from conftest import Cast

runner = CliRunner()
PASSWORD = "a long enough pass phrase"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["demo"],
        ["serve"],
        ["migrate"],
        ["createuser"],
        ["token"],
        ["token", "create"],
        ["token", "revoke"],
        ["generate-demo-data"],
    ],
)
def test_it_has_help_for_every_command(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: kamp" in result.output


def test_it_lists_its_commands() -> None:
    result = runner.invoke(app, ["--help"])
    for command in ("demo", "serve", "migrate", "createuser", "token", "generate-demo-data"):
        assert command in result.output


def test_it_writes_demo_source_files(tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = runner.invoke(
        app, ["generate-demo-data", "--lines", "2500", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["lines"] == 2500
    assert {p.name for p in out.iterdir()} == {"customers.csv", "contacts.csv", "sales.csv"}
    with (out / "sales.csv").open(encoding="utf-8") as sales:
        assert sum(1 for _ in sales) == 2500 + 1  # and the header


@pytest.mark.django_db
def test_it_creates_a_user_with_a_role(cast: Cast) -> None:
    result = runner.invoke(
        app,
        ["createuser", "alice", "--role", "kam", "--email", "alice@example.com"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    alice = User.objects.get(username="alice")
    assert alice.check_password(PASSWORD)
    membership = Membership.objects.get(user=alice)
    assert (membership.role, membership.business_unit) == ("kam", None)


@pytest.mark.django_db
def test_it_creates_a_unit_scoped_user(cast: Cast) -> None:
    args = ["createuser", "bea", "--role", "pc_director", "--unit", "IND", "--password", PASSWORD]
    result = runner.invoke(app, [*args, "--staff", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "username": "bea",
        "role": "pc_director",
        "unit": "IND",
        "staff": True,
    }
    membership = Membership.objects.get(user__username="bea")
    assert membership.business_unit == cast.unit
    assert membership.user.is_staff


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "boss"], "Unknown role 'boss'"),
        (["--role", "kam", "--unit", "NOPE"], "No business unit with code 'NOPE'"),
        (["--role", "pc_director"], "A profit-centre director directs a business unit."),
        (["--role", "kam", "--password", "short"], "too short"),
    ],
)
def test_it_refuses_a_bad_user_with_a_message(cast: Cast, args: list[str], message: str) -> None:
    password = [] if "--password" in args else ["--password", PASSWORD]
    result = runner.invoke(app, ["createuser", "carl", *args, *password])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not User.objects.filter(username="carl").exists()


@pytest.mark.django_db
def test_it_refuses_an_existing_username(cast: Cast) -> None:
    result = runner.invoke(app, ["createuser", "kam", "--role", "kam", "--password", PASSWORD])
    assert result.exit_code == 1
    assert "already exists" in result.output


@pytest.mark.django_db
def test_it_creates_and_revokes_a_token(cast: Cast) -> None:
    result = runner.invoke(app, ["token", "create", "kam", "--name", "nightly export"])
    assert result.exit_code == 0, result.output
    raw = result.stdout.strip()
    assert token_authenticate(raw) == cast.kam
    listed = runner.invoke(app, ["token", "list", "kam", "--json"])
    assert [t["name"] for t in json.loads(listed.stdout)] == ["nightly export"]
    prefix = ApiToken.objects.get(user=cast.kam).prefix
    revoked = runner.invoke(app, ["token", "revoke", "kam", prefix])
    assert revoked.exit_code == 0, revoked.output
    assert token_authenticate(raw) is None


@pytest.mark.django_db
def test_it_prints_a_token_as_json(cast: Cast) -> None:
    result = runner.invoke(app, ["token", "create", "viewer", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["user"] == "viewer" and data["token"].startswith(data["prefix"])


@pytest.mark.django_db
def test_it_fails_clearly_for_an_unknown_user() -> None:
    result = runner.invoke(app, ["token", "create", "nobody"])
    assert result.exit_code == 1
    assert "No user named 'nobody'" in result.output


@pytest.mark.django_db
def test_it_passes_commands_to_django() -> None:
    result = runner.invoke(app, ["manage", "check"])
    assert result.exit_code == 0, result.output


def test_it_keeps_django_s_exit_status() -> None:
    result = runner.invoke(app, ["manage", "no-such-command"])
    assert result.exit_code == 1


@pytest.mark.django_db
def test_migrate_reports_an_up_to_date_database() -> None:
    result = runner.invoke(app, ["migrate", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["applied"] == 0


def test_the_demo_refuses_to_run_without_debug(settings: Settings) -> None:
    settings.DEBUG = False
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 1
    assert "KAMP_DEBUG" in result.output


def test_the_real_command_loads_the_demo_twice_safely(tmp_path: Path) -> None:
    """The installed entry point, in its own process, on a fresh SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAMP_", "DJANGO_"))}
    env["KAMP_DATA_DIR"] = str(tmp_path / "data")
    command = [sys.executable, "-m", "kamp.cli", "demo", "--no-serve", "--customers", "40"]

    first = subprocess.run(
        [*command, "--json"], env=env, capture_output=True, text=True, check=False
    )
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["loaded"] is True
    assert "director" in summary["created_users"]
    assert (tmp_path / "data" / "kamp.sqlite3").exists()

    second = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout
    assert "kamp-demo" in second.stdout
