"""Every API operation and every page, called by every persona with a real object (issue 11).

The operations come from the OpenAPI document and the pages from the URLconf, so a new endpoint
or page is covered without editing this file. Each call runs in a savepoint rolled back at once,
so a write by one persona never changes what the next call sees. The rules:

* nobody gets a server error;
* without credentials: 401 (API), a redirect to the login page (pages);
* the outsider (a login without any role): 404 on every URL naming an object;
* the viewer (read-only): never a successful write (403, or 404 / 422 before it gets that far),
  but for the acts that are everyone's own (:data:`PERSONAL_ACTS`).

Figures by unit scope are checked elsewhere (``test_unit_scope.py``); this is about who may call.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kamp.accounts.models import (
    AccountPlan,
    InitiativeAction,
    KeyAccount,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
    TeamMember,
)
from kamp.accounts.models import Milestone as InitiativeMilestone
from kamp.casting.models import Assessment as CastingAssessment
from kamp.casting.models import AssignmentProposal, Campaign, Framework, Person, RoleProfile
from kamp.change.models import Announcement, Assessment, Concern, ImprovementAction, PulseSurvey
from kamp.customers.models import Contact, Customer
from kamp.documents.models import BriefPack
from kamp.imports.models import ImportRun
from kamp.programme.models import ReviewAction, SteeringReview
from kamp.selection.models import ScoringModel, Segment, SelectionResult, SelectionRun
from kamp.users.models import ApiToken
from tests.api_world import PERSONAS, READ_ONLY, load_world
from tests.openapi import openapi_schema

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.models import Model
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from tests.api_world import World

pytestmark = pytest.mark.django_db

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
#: Pages anyone may open without logging in.
PUBLIC_PAGES = {
    "login",
    "logout",
    "set_language",
    "healthz",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
#: The object each page's ``public_id`` names, by URL name (the URL's other ids are in
#: :func:`_page_kwargs`). A page missing here fails :func:`test_every_page_is_mapped`.
PAGE_OBJECTS: dict[str, type[Model]] = {
    **dict.fromkeys(["customer-detail", "customer-edit", "contact-create"], Customer),
    **dict.fromkeys(
        [
            "contact-edit",
            "contact-delete",
            "contact-personal-data",
            "contact-personal-data-download",
        ],
        Contact,
    ),
    **dict.fromkeys(["segment-edit", "segment-delete"], Segment),
    **dict.fromkeys(["model-detail", "model-edit", "model-export"], ScoringModel),
    **dict.fromkeys(
        ["run-detail", "run-results", "run-submit", "run-delete", "run-compare"], SelectionRun
    ),
    **dict.fromkeys(["result-detail", "result-decide"], SelectionResult),
    **dict.fromkeys(
        [
            "key-account-detail",
            "key-account-profile",
            "initiative-create",
            "plan-create",
            "stakeholder-map",
            "white-space",
            "account-team",
            "raci-cell",
            "team-member-remove",
            "sponsorship-detail",
            "account-document",
        ],
        KeyAccount,
    ),
    **dict.fromkeys(
        [
            "initiative-detail",
            "initiative-transition",
            "initiative-comment",
            "milestone-add",
            "milestone-toggle",
            "action-add",
            "resource-request-add",
        ],
        StrategicInitiative,
    ),
    **dict.fromkeys(
        ["plan-detail", "plan-targets", "plan-refresh", "plan-copy", "plan-export"], AccountPlan
    ),
    "resource-request-answer": ResourceRequest,
    **dict.fromkeys(["stakeholder-edit", "stakeholder-remove"], Stakeholder),
    "review-detail": SteeringReview,
    "programme:action-complete": ReviewAction,
    "assessment-detail": Assessment,
    **dict.fromkeys(["casting:person-detail", "casting:person-edit"], Person),
    **dict.fromkeys(["casting:framework-detail", "casting:competency-edit"], Framework),
    **dict.fromkeys(["casting:profile-detail", "casting:profile-edit"], RoleProfile),
    **dict.fromkeys(
        ["casting:campaign-detail", "casting:campaign-close", "casting:campaign-open"], Campaign
    ),
    **dict.fromkeys(["casting:assessment-rate", "casting:assessment-close"], CastingAssessment),
    **dict.fromkeys(["casting:proposal-detail", "casting:proposal-accept"], AssignmentProposal),
    **dict.fromkeys(
        ["change:action-accept", "change:action-dismiss", "change:action-complete"],
        ImprovementAction,
    ),
    "announcement-detail": Announcement,
    "pulse-detail": PulseSurvey,
    "concern-answer": Concern,
    **dict.fromkeys(["pack-detail", "pack-download"], BriefPack),
    **dict.fromkeys(
        [
            "import-detail",
            "import-progress",
            "import-errors",
            "import-mapping",
            "import-undo",
            "import-discard",
        ],
        ImportRun,
    ),
}
#: Writes that are everyone's own acts, not changes to the programme's data: any member, the
#: viewer included, marks an announcement read, answers a pulse survey and raises a concern.
PERSONAL_ACTS = {
    "POST /api/v1/change/announcements/{announcement_id}/read",
    "POST /api/v1/change/pulses/{pulse_id}/answers",
    "POST /api/v1/change/concerns",
}
#: The page URL parameters that name an object (not a format, a document kind or a preset).
OBJECT_PARAMS = {"public_id", "pk", "milestone_id", "member_id", "action_id"}
#: Checked calls, by kind, for the closing count.
CHECKED: dict[str, int] = {}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    yield from load_world(django_db_blocker)


@pytest.fixture(scope="module", autouse=True)
def _count() -> Iterator[None]:
    yield
    print(f"\npermission matrix: {CHECKED}")  # noqa: T201 (the count is the point)


def _rolled_back(call: Any) -> TestResponse:
    with transaction.atomic():
        response: TestResponse = call()
        transaction.set_rollback(True)
    return response


#
# The API
#


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, methods in openapi_schema()["paths"].items()
        for method, operation in methods.items()
    ]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = openapi_schema()["components"]["schemas"][name]
    return schema


def _example(schema: dict[str, Any]) -> Any:
    """The smallest value the schema accepts (required properties only)."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        return _example(next(s for s in schema["anyOf"] if s.get("type") != "null"))
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {k: _example(v) for k, v in schema.get("properties", {}).items() if k in required}
    if kind == "array":
        return [_example(schema["items"])] if schema.get("minItems") else []
    if kind in {"integer", "number"}:
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return dt.date.today().isoformat()
    if schema.get("format") == "uuid":
        return "00000000-0000-4000-8000-000000000000"
    return "x" * max(1, schema.get("minLength", 1))


def _url(path: str, operation: dict[str, Any], world: World) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in world.params:
            return world.params[name]
        (parameter,) = [p for p in operation["parameters"] if p["name"] == name]
        return str(_example(parameter["schema"]))  # e.g. a document kind: its first value

    return re.sub(r"\{(\w+)\}", value, path)


def _call_api(
    client: Client, method: str, path: str, operation: dict[str, Any], world: World, who: str | None
) -> TestResponse:
    headers = {"Authorization": f"Bearer {world.tokens[who]}"} if who else {}
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    data = json.dumps(_example(body["schema"])) if body else ""
    url = _url(path, operation, world)
    return _rolled_back(
        lambda: client.generic(method, url, data, content_type="application/json", headers=headers)
    )


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_every_operation_answers_each_persona_by_the_rules(
    world: World, persona: str | None
) -> None:
    client = Client(raise_request_exception=False)
    problems = []
    for method, path, operation in _operations():
        response = _call_api(client, method, path, operation, world, persona)
        status = response.status_code
        label = f"{persona or 'anonymous'} {method} {path} → {status}"
        names_object = any(p in world.params for p in re.findall(r"\{(\w+)\}", path))
        if status >= 500:
            problems.append(f"{label}: server error")
        elif persona is None and status != 401:
            problems.append(f"{label}: expected 401")
        elif persona == "outsider" and names_object and status != 404:
            problems.append(f"{label}: expected 404")
        elif (
            persona in READ_ONLY
            and method in WRITES
            and status < 400
            and f"{method} {path}" not in PERSONAL_ACTS
        ):
            problems.append(f"{label}: a read-only persona changed something")
        CHECKED["api"] = CHECKED.get("api", 0) + 1
    assert not problems, "\n".join(problems)


#
# The pages
#


def _pages() -> list[tuple[str, list[str]]]:
    """Every named page (namespace:name) with the names of its URL parameters."""
    found: list[tuple[str, list[str]]] = []

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"api", "admin"}:
                    continue  # the API has its own matrix; the admin is Django's (staff only)
                walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, list(pattern.pattern.converters)))

    walk(get_resolver(), None)
    return found


def _page_object(name: str) -> type[Model] | None:
    return PAGE_OBJECTS.get(name) or PAGE_OBJECTS.get(name.split(":")[-1])


def _page_kwargs(name: str, params: list[str], world: World) -> dict[str, Any]:
    model = _page_object(name)
    fixed: dict[str, Any] = {
        "milestone_id": world.objects[InitiativeMilestone].public_id,  # type: ignore[attr-defined]
        "member_id": world.objects[TeamMember].public_id,  # type: ignore[attr-defined]
        "action_id": world.objects[InitiativeAction].public_id,  # type: ignore[attr-defined]
        "key": "simple",  # a preset scoring model
        "pk": ApiToken.objects.filter(user=world.users["director"]).values_list("pk", flat=True)[0],
        "kind": {
            "imports:export": "customers",
            "documents:programme-document": "summary",
            "documents:account-document": "brief",
        }.get(name),
        "fmt": {"imports:export": "csv"}.get(name, "pptx"),
        "code": Framework.objects.get(pk=world.objects[Framework].pk).competencies.values_list(
            "code", flat=True
        )[0],
    }
    if model is not None:
        fixed["public_id"] = world.objects[model].public_id  # type: ignore[attr-defined]
    return {p: fixed[p] for p in params}


def test_every_page_is_mapped(world: World) -> None:
    unmapped = [
        name for name, params in _pages() if "public_id" in params and _page_object(name) is None
    ]
    assert not unmapped


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_every_page_answers_each_persona_by_the_rules(world: World, persona: str | None) -> None:
    client = Client(raise_request_exception=False)
    if persona is not None:
        client.force_login(world.users[persona])
    problems = []
    for name, params in _pages():
        if name in PUBLIC_PAGES:
            continue
        url = reverse(name, kwargs=_page_kwargs(name, params, world))
        response = _rolled_back(lambda url=url: client.get(url))
        if response.status_code == 405:  # a form's target: what its POST answers
            response = _rolled_back(lambda url=url: client.post(url, {}))
        status = response.status_code
        label = f"{persona or 'anonymous'} {name} {url} → {status}"
        if status >= 500:
            problems.append(f"{label}: server error")
        elif persona is None and not (
            status == 302 and response["Location"].startswith(reverse("login"))
        ):
            problems.append(f"{label}: expected a redirect to the login page")
        elif persona == "outsider" and OBJECT_PARAMS & set(params) and status != 404:
            problems.append(f"{label}: expected 404")
        CHECKED["pages"] = CHECKED.get("pages", 0) + 1
    assert not problems, "\n".join(problems)
