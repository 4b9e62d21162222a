"""What every command family shares: the consoles, errors a user can fix, Django set-up, --json.

Errors a user can fix end with a one-line message and exit status 1, never a traceback. Nothing
here imports Django at module level: ``kamp --help`` must stay fast.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from collections.abc import Iterator

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DEMO_SEED = 2026  # the generator's default seed, repeated here so --help needs no numpy

JsonFlag = Annotated[bool, typer.Option("--json", help="Print a JSON summary.")]


class Failure(Exception):
    """An error the user can fix: reported as one line, exit status 1."""


def fail(message: str) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise."""
    err.print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(code=1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can fix (bad input, missing rows, configuration) into messages."""
    from django.core.exceptions import (
        ImproperlyConfigured,
        ObjectDoesNotExist,
        PermissionDenied,
        ValidationError,
    )
    from django.core.management import CommandError
    from django.db import DatabaseError

    try:
        yield
    except ValidationError as error:
        raise fail(" ".join(error.messages)) from None
    except DatabaseError as error:
        raise fail(f"{error} (has the database been created? Run `kamp migrate`.)") from None
    except (Failure, ImproperlyConfigured, ObjectDoesNotExist, CommandError, OSError) as error:
        raise fail(str(error)) from None
    except PermissionDenied as error:
        raise fail(str(error) or "Permission denied.") from None


def setup_django() -> None:
    """Read the settings and load the apps; make the data directory the database lives in."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamp.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
        from django.conf import settings

        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    except (ImproperlyConfigured, OSError) as error:
        raise fail(str(error)) from None


def echo_json(data: object) -> None:
    """Print ``data`` as one line of JSON on standard output, for scripts."""
    typer.echo(json.dumps(data, default=str))


def found[T](value: T | None, what: str) -> T:
    """``value``, or the failure "No ``what``." for a look-up that found nothing.

    For example ``found(user_by_username(name), f"user named {name!r}")``: the CLI looks rows up
    with the apps' selectors and never needs their model classes.
    """
    if value is None:
        raise Failure(f"No {what}.")
    return value
