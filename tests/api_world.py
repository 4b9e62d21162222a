"""A whole demo company, loaded once per test module, for the tests that walk every operation.

The permission matrix and the schema fuzzer call every API operation and every page with a real
object of the right kind: :func:`load_world` loads a small demo company (with its personas, one
per role, plus an outsider without one) inside a transaction the module fixture rolls back, and
:class:`World` maps each path parameter to an object's identifier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.test import override_settings

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
from kamp.casting.demo import demo_casting_ensure
from kamp.casting.models import Assessment as CastingAssessment
from kamp.casting.models import AssignmentProposal, Campaign, Framework, Person, RoleProfile
from kamp.change.demo import demo_change_ensure
from kamp.change.models import Announcement, Assessment, Concern, ImprovementAction, PulseSurvey
from kamp.customers.demo import DEMO_PASSWORD, DEMO_USERS, ORGANISATION, generate_demo_company
from kamp.customers.models import Contact, Customer
from kamp.customers.services import demo_company_load, demo_users_create
from kamp.documents.services import pack_request
from kamp.imports.services import import_run_create, import_run_execute
from kamp.imports.validate import Options
from kamp.organisation.tests.factories import UserFactory
from kamp.programme.demo import demo_programme_ensure, demo_sponsorship_ensure
from kamp.programme.models import ReviewAction, SteeringReview
from kamp.selection.demo import demo_selection_ensure
from kamp.selection.models import ScoringModel, Segment, SelectionResult, SelectionRun
from kamp.users.models import User
from kamp.users.services import token_create

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.models import Model

#: The personas, by role: the demo's logins, and an outsider with no role at all.
PERSONAS = ("director", "kam", "executive", "pcdirector", "member", "viewer", "outsider")
#: Personas who may read but never change anything.
READ_ONLY = ("viewer",)


@dataclass
class World:
    users: dict[str, User]
    #: Path parameter name (API) → the identifier of a real object of that kind.
    params: dict[str, str]
    #: Model → one real instance, for the pages' ``public_id``.
    objects: dict[type[Model], Model] = field(default_factory=dict)
    #: Persona → a raw API token of theirs.
    tokens: dict[str, str] = field(default_factory=dict)


def _first[M: Model](model: type[M], **where: object) -> M:
    found = model._default_manager.filter(**where).order_by("pk").first()
    assert found is not None, f"the demo has no {model.__name__}"
    return found


def _build() -> World:
    demo_company_load(actor=None, company=generate_demo_company(seed=7, n_customers=40))
    with override_settings(DEBUG=True):  # the demo logins refuse to exist otherwise
        demo_users_create(
            actor=None, users=DEMO_USERS, organisation=ORGANISATION, password=DEMO_PASSWORD
        )
    demo_selection_ensure()
    demo_programme_ensure()
    from kamp.accounts.demo import demo_accounts_ensure

    demo_accounts_ensure()
    demo_sponsorship_ensure()
    demo_change_ensure()
    demo_casting_ensure()
    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    users["outsider"] = UserFactory.create(username="outsider")
    director = users["director"]
    run = import_run_create(
        actor=director,
        kind="customers",
        file_name="customers.csv",
        chunks=[b"customer_id,name,country\nW-1,World One,ES\n"],
        mapping=None,
        options=Options(),
        dry_run=False,
    )
    import_run_execute(run_id=run.pk)
    pack_request(actor=director, fmt="pptx", language="en")

    # Objects that belong together: the milestone and action of the initiative, of the account
    # whose team member and stakeholder they are.
    initiative = _first(StrategicInitiative, milestones__isnull=False, actions__isnull=False)
    key_account = initiative.key_account
    runs = list(SelectionRun.objects.order_by("pk"))
    objects: dict[type[Model], Model] = {
        model: _first(model)
        for model in (
            AccountPlan,
            Announcement,
            Assessment,
            Concern,
            Contact,
            Customer,
            ImprovementAction,
            PulseSurvey,
            ResourceRequest,
            ReviewAction,
            ScoringModel,
            Segment,
            SelectionResult,
            Stakeholder,
            SteeringReview,
        )
    }
    objects |= {
        KeyAccount: key_account,
        StrategicInitiative: initiative,
        SelectionRun: runs[0],
        InitiativeMilestone: _first(InitiativeMilestone, initiative=initiative),
        InitiativeAction: _first(InitiativeAction, initiative=initiative),
        TeamMember: _first(TeamMember, key_account=key_account),
    }
    from kamp.documents.models import BriefPack
    from kamp.imports.models import ImportRun

    objects[ImportRun] = _first(ImportRun)
    for casting_model in (
        AssignmentProposal,
        Campaign,
        CastingAssessment,
        Framework,
        Person,
        RoleProfile,
    ):
        objects[casting_model] = _first(casting_model)
    objects[BriefPack] = _first(BriefPack)

    def pid(model: type[Model]) -> str:
        return str(objects[model].public_id)  # type: ignore[attr-defined]

    params = {
        "action_id": pid(InitiativeAction),
        "announcement_id": pid(Announcement),
        "assessment_id": pid(Assessment),
        "contact_id": pid(Contact),
        "customer_id": pid(Customer),
        "import_id": pid(ImportRun),
        "initiative_id": pid(StrategicInitiative),
        "key_account_id": pid(KeyAccount),
        "member_id": pid(TeamMember),
        "milestone_id": pid(InitiativeMilestone),
        "model_id": pid(ScoringModel),
        "other_id": str(runs[-1].public_id),
        "plan_id": pid(AccountPlan),
        "pulse_id": pid(PulseSurvey),
        "request_id": pid(ResourceRequest),
        "result_id": pid(SelectionResult),
        "review_id": pid(SteeringReview),
        "run_id": pid(SelectionRun),
        "segment_id": pid(Segment),
        "stakeholder_id": pid(Stakeholder),
    }
    tokens = {name: token_create(actor=u, user=u, name="world")[1] for name, u in users.items()}
    return World(users=users, params=params, objects=objects, tokens=tokens)


def load_world(django_db_blocker: object) -> Iterator[World]:
    """The body of a module-scoped fixture: the world, rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield _build()
        transaction.set_rollback(True)
