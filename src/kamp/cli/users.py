"""`kamp createuser` and `kamp token create|list|revoke`: logins and their API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kamp.cli._common import Failure, echo_json, err, found, out, setup_django, user_errors

token_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


def createuser(
    username: Annotated[str, typer.Argument(help="Login name.")],
    *,
    role: Annotated[
        str,
        typer.Option(
            help="programme_director, kam, executive, pc_director, team_member or viewer."
        ),
    ],
    unit: Annotated[
        str | None, typer.Option(help="Business unit code, for a role limited to one unit.")
    ] = None,
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    first_name: Annotated[str, typer.Option(help="First name.")] = "",
    last_name: Annotated[str, typer.Option(help="Last name.")] = "",
    password: Annotated[
        str | None, typer.Option(help="Password; asked for (hidden) when omitted.")
    ] = None,
    staff: Annotated[bool, typer.Option("--staff", help="May use the admin site.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new user as JSON.")] = False,
) -> None:
    """Create a login with a role in the programme, over everything or over one unit."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.db import transaction

    from kamp.organisation.permissions import Role
    from kamp.organisation.selectors import business_unit_by_code, business_unit_codes
    from kamp.organisation.services import membership_create
    from kamp.users.selectors import username_taken
    from kamp.users.services import user_create

    with user_errors():
        if role not in Role.values:
            raise Failure(f"Unknown role {role!r}; use one of {', '.join(Role.values)}.")
        business_unit = None
        if unit is not None:
            business_unit = business_unit_by_code(unit)
            if business_unit is None:
                known = ", ".join(business_unit_codes()) or "none"
                raise Failure(f"No business unit with code {unit!r} (known: {known}).")
        if username_taken(username):
            raise Failure(f"A user named {username!r} already exists.")
        if password is None:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
        validate_password(password, get_user_model()(username=username, email=email))
        with transaction.atomic():
            user = user_create(
                actor=None,
                username=username,
                password=password,
                email=email,
                first_name=first_name,
                last_name=last_name,
                is_staff=staff,
            )
            membership_create(actor=None, user=user, role=role, business_unit=business_unit)
    label = Role(role).label
    if as_json:
        echo_json({"username": username, "role": role, "unit": unit, "staff": staff})
    else:
        out.print(f"Created {escape(username)}: {label}, {escape(unit or 'all units')}.")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="Whose token: it acts with their permissions.")],
    *,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "kamp command line",
    as_json: Annotated[bool, typer.Option("--json", help="Print the token as JSON.")] = False,
) -> None:
    """Create an API token and print it. It is shown only this once."""
    setup_django()
    from kamp.users import services
    from kamp.users.selectors import user_by_username

    with user_errors():
        user = found(user_by_username(username), f"user named {username!r}")
        token, raw = services.token_create(actor=user, user=user, name=name)
    if as_json:
        echo_json({"token": raw, "prefix": token.prefix, "name": token.name, "user": username})
        return
    err.print(f"API token {escape(token.name)!r} for {escape(username)}; it is shown only once:")
    typer.echo(raw)


@token_app.command("list")
def token_list(
    username: Annotated[str, typer.Argument(help="Whose tokens.")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the tokens as JSON.")] = False,
) -> None:
    """List a user's active API tokens (their prefixes; the tokens themselves are not kept)."""
    setup_django()
    from kamp.users.selectors import active_tokens, user_by_username

    with user_errors():
        tokens = active_tokens(found(user_by_username(username), f"user named {username!r}"))
    rows = [
        {"prefix": t.prefix, "name": t.name, "created": t.created_at, "last_used": t.last_used_at}
        for t in tokens
    ]
    if as_json:
        echo_json(rows)
        return
    table = Table(title=f"Active API tokens of {escape(username)}")
    for column in ("prefix", "name", "created", "last used"):
        table.add_column(column)
    for t in tokens:
        last_used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        table.add_row(t.prefix, escape(t.name), f"{t.created_at:%Y-%m-%d %H:%M}", last_used)
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    prefix: Annotated[str, typer.Argument(help="The token, or its prefix from `kamp token list`.")],
) -> None:
    """Revoke one of a user's API tokens; it stops working at once."""
    setup_django()
    from kamp.users import services
    from kamp.users.selectors import active_tokens_matching, user_by_username

    with user_errors():
        user = found(user_by_username(username), f"user named {username!r}")
        matches = active_tokens_matching(user, prefix)
        if len(matches) != 1:
            which = "No active token" if not matches else "More than one active token"
            raise Failure(f"{which} of {username!r} matches {prefix!r}.")
        services.token_revoke(actor=user, token=matches[0])
    out.print(f"Revoked {escape(matches[0].name)!r} ({escape(matches[0].prefix)}…).")
