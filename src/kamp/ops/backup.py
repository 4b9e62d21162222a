"""Back up and restore kamp's database: the whole of it, in one file.

* SQLite: the online backup API of :mod:`sqlite3`, a consistent copy even while kamp runs; the
  backup is itself a SQLite database.
* PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists``; the client
  tools must be on ``PATH`` (they come with the server packages) and should not be older than the
  server.

Uploaded import files under the data directory are not included: copy that directory alongside.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

if TYPE_CHECKING:
    from pathlib import Path

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


def backup_database(destination: Path, *, using: str = "default") -> Path:
    """Write a backup of the database to ``destination`` (replaced if it exists)."""
    connection = connections[using]
    engine = connection.settings_dict["ENGINE"]
    destination.parent.mkdir(parents=True, exist_ok=True)
    if engine == SQLITE:
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif engine == POSTGRESQL:
        _run_pg(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", f"--file={destination}"],
            connection.settings_dict,
        )
    else:
        raise ImproperlyConfigured(f"kamp cannot back up a {engine} database.")
    return destination


def restore_database(source: Path, *, using: str = "default") -> None:
    """Replace the database's contents with the backup in ``source``.

    Stop the web server and the worker first: connections other than this process's see the
    tables dropped and refilled under them.
    """
    if not source.is_file():
        raise FileNotFoundError(f"No backup at {source}.")
    connection = connections[using]
    engine = connection.settings_dict["ENGINE"]
    if engine == SQLITE:
        connection.ensure_connection()
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    elif engine == POSTGRESQL:
        connection.close()  # no open transaction may hold locks on the tables being replaced
        _run_pg(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                str(source),
            ],
            connection.settings_dict,
        )
    else:
        raise ImproperlyConfigured(f"kamp cannot restore a {engine} database.")


def _run_pg(tool: str, args: list[str], db: dict[str, Any]) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise ImproperlyConfigured(f"{tool} is not on PATH: install the PostgreSQL client tools.")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    target = ["--dbname", str(db["NAME"])]
    for flag, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if db.get(key):
            target += [flag, str(db[key])]
    result = subprocess.run(  # noqa: S603 (a fixed tool; arguments come from settings)
        [executable, *target, *args], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{tool} failed: {result.stderr.strip()}")
