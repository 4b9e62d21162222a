"""Building blocks every API router shares: pagination, error shapes, and the text input check.

Authentication lives with the logins, in :mod:`kamp.users.api_auth`: core imports no app.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError

from kamp.core.spreadsheets import CONTROL_CHARACTERS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from django.db.models import Model, QuerySet
    from django.http import HttpRequest

#: The largest page a client may ask for; larger ``limit`` values are rejected with 422.
MAX_PAGE_SIZE = 200
#: The largest ``offset``: far beyond any list, and inside the databases' 64-bit integers.
MAX_OFFSET = 10**9


class PageIn(Schema):
    """``limit``/``offset`` paging of list endpoints, answered as ``{"count", "items"}``.

    The default page size is ``KAMP_PAGE_SIZE``; a ``limit`` above :data:`MAX_PAGE_SIZE` is a 422.
    """

    limit: int = Field(
        settings.KAMP_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"How many items to return (at most {MAX_PAGE_SIZE}).",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def paginate[ModelT: Model](
    queryset: QuerySet[ModelT],
    page: PageIn,
    item: Callable[[ModelT], Any] | None = None,
) -> dict[str, Any]:
    """One page of ``queryset`` as ``{"count", "items"}``.

    Items are the model instances themselves (the operation's response schema reads them, with
    ``alias`` and ``resolve_*``), or what ``item`` maps each row to. Two queries whatever the page
    size: the count and the page.
    """
    start = page.offset
    rows = list(queryset[start : start + page.limit])
    return {"count": queryset.count(), "items": rows if item is None else [item(r) for r in rows]}


class ErrorOut(Schema):
    """The body of 400 (a body that is not JSON), 401, 403 and 404 answers."""

    detail: str


class ErrorItem(Schema):
    """One reason a request was rejected: where (``loc``) and why (``msg``)."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """The body of 422 answers: every problem found, by location."""

    detail: list[ErrorItem]


#: Error answers every authenticated read can give.
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
#: Error answers every write can give (400: the body could not be read as JSON).
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 400: ErrorOut, 403: ErrorOut}


def _control_characters(value: Any, loc: list[str | int]) -> Iterator[list[str | int]]:
    """The location of every string in ``value`` (JSON data) holding a control character."""
    if isinstance(value, str):
        if CONTROL_CHARACTERS.search(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _control_characters(key, [*loc, str(key)])
            yield from _control_characters(item, [*loc, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _control_characters(item, [*loc, index])


def _fields(source: str, data: Any) -> Iterator[list[str | int]]:
    """The query string's or the form's fields holding a control character (key or value)."""
    for key, values in data.lists():
        if any(CONTROL_CHARACTERS.search(text) for text in [key, *values]):
            yield [source, key]


def _text_inputs(request: HttpRequest) -> Iterator[list[str | int]]:
    yield from _fields("query", request.GET)
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            return  # the operation itself has answered 400 already
        yield from _control_characters(body, ["body"])
    elif request.content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        try:
            form = request.POST
        except MultiPartParserError:
            return  # not a form after all: the operation read its body as JSON
        yield from _fields("form", form)


def reject_control_characters[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """Refuse (422, naming the field) text input holding a control character.

    NUL and the other C0 controls except tab, line feed and carriage return: nobody types them,
    PostgreSQL cannot store NUL, and XML documents (XLSX, DOCX) cannot hold any of them. Applied
    once to every operation (``api.add_decorator``), after the schemas have validated the input,
    so it covers every string of every schema, nested values of free-form objects included.
    """

    @functools.wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        request: HttpRequest = args[0]  # type: ignore[assignment]
        errors = [
            {
                "loc": loc,
                "msg": _("Control characters (such as NUL) are not allowed in text."),
                "type": "control_character",
            }
            for loc in _text_inputs(request)
        ]
        if errors:
            raise NinjaValidationError(errors)
        return view(*args, **kwargs)

    return checked
