"""Schemathesis over the whole OpenAPI document, as the programme director (issue 11).

Every operation is called with generated parameters and bodies (:data:`EXAMPLES` per operation)
against the real WSGI application, on a demo company loaded once for the module. Path
parameters are real objects of the right kind (from :mod:`tests.api_world`), so the generated
data reaches the operations instead of stopping at a 404. The checks: no server error, every
status code documented, every response body matching the documented schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_world import load_world

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.api_world import World

#: Generated cases per operation: enough to find the 500s, bounded for 2 cores.
EXAMPLES = 15
#: Rendering a document takes a second or more: fewer cases for those operations.
DOCUMENT_EXAMPLES = 3
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
#: Cases run, by operation (printed when the module is done, with ``-s``).
CASES: dict[str, int] = {}

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    yield from load_world(django_db_blocker)


@pytest.fixture(scope="module", autouse=True)
def _count_cases() -> Iterator[None]:
    yield
    print(f"\nschemathesis: {sum(CASES.values())} cases over {len(CASES)} operations")  # noqa: T201 (the count is the point)


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) across the WSGI requests, as
    Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_contract(
    case: schemathesis.Case[Any], world: World, db: None, same_connection: None
) -> None:
    label = case.operation.label
    if "/documents/" in case.path and CASES.get(label, 0) >= DOCUMENT_EXAMPLES:
        return
    for name in case.path_parameters or {}:
        if name in world.params:
            case.path_parameters[name] = world.params[name]
    CASES[label] = CASES.get(label, 0) + 1
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world.tokens['director']}"}, checks=CHECKS
    )
