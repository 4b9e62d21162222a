"""Building blocks every API router shares: pagination and error shapes.

Authentication lives with the logins, in :mod:`kamp.users.api_auth`: core imports no app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from ninja import Field, Schema

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import Model, QuerySet

#: The largest page a client may ask for; larger ``limit`` values are rejected with 422.
MAX_PAGE_SIZE = 200


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
    offset: int = Field(0, ge=0, description="How many items to skip.")


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
    """The body of 401, 403 and 404 answers."""

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
#: Error answers every write can give.
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 403: ErrorOut}
