"""Reads behind the documents, each scoped to the reader (``visible_to``), so a document never
shows more than the reader's pages do. The assemblers (:mod:`kamp.documents.assemblers`) turn
what these return into a :class:`~kamp.documents.content.Document`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, Q

from kamp.accounts.models import (
    AccountPlan,
    InitiativeAction,
    KeyAccount,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
)
from kamp.core.money import MoneySum
from kamp.customers.models import Contact, Customer, SalesFact
from kamp.documents.models import BriefPack
from kamp.selection.models import SelectionResult, SelectionRun

if TYPE_CHECKING:
    import datetime as dt
    import uuid
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from kamp.customers.models import CustomerQuerySet
    from kamp.users.models import User

#: Influence first, then who decides: the order in which an executive should meet people.
_LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}


def initiative_list(*, actor: User, key_account: KeyAccount) -> list[StrategicInitiative]:
    """The account's strategic initiatives the reader may see, by title."""
    return list(
        StrategicInitiative.objects.visible_to(actor)
        .filter(key_account=key_account)
        .select_related("owner")
        .order_by("title", "id")
    )


def latest_plan(*, actor: User, key_account: KeyAccount) -> AccountPlan | None:
    """The account's newest plan the reader may see."""
    return (
        AccountPlan.objects.visible_to(actor)
        .filter(key_account=key_account)
        .order_by("-year")
        .first()
    )


def stakeholder_list(*, key_account: KeyAccount, limit: int = 20) -> list[Stakeholder]:
    """The account's mapped stakeholders, most influential and deciding first."""
    people = sorted(
        key_account.stakeholders.select_related("contact"),
        key=lambda p: (_LEVEL_ORDER.get(p.influence, 3), p.decision_role == "", p.contact.name),
    )
    return people[:limit]


def contact_list(*, actor: User, key_account: KeyAccount, limit: int = 20) -> list[Contact]:
    """The group's contacts the reader may see, the top of each reporting line first."""
    return list(
        Contact.objects.visible_to(actor)
        .filter(Q(customer=key_account.customer) | Q(customer__group=key_account.customer))
        .select_related("customer")
        .order_by(F("reports_to").asc(nulls_first=True), "name", "id")[:limit]
    )


def action_list(*, actor: User, key_account: KeyAccount) -> list[InitiativeAction]:
    """The actions of the account's initiatives, by due date."""
    return list(
        InitiativeAction.objects.visible_to(actor)
        .filter(initiative__key_account=key_account)
        .select_related("initiative", "owner")
        .order_by("due_on", "id")
    )


def overdue_action_list(
    *, actor: User, key_account: KeyAccount, today: dt.date
) -> list[InitiativeAction]:
    """The account's actions past their due date and not done."""
    return list(
        InitiativeAction.objects.visible_to(actor)
        .filter(initiative__key_account=key_account)
        .overdue(today)
        .select_related("initiative")
    )


def current_key_account_list(*, actor: User) -> list[KeyAccount]:
    """The reader's current key accounts with their plans (newest first, with a line count)
    and their initiative counts (``initiatives_total``, ``validated``)."""
    return list(
        KeyAccount.objects.visible_to(actor)
        .current()
        .select_related("customer", "kam", "sponsor")
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=AccountPlan.objects.annotate(line_count=Count("lines")).order_by("-year"),
            )
        )
        .order_by("customer__name", "id")
        .annotate(
            initiatives_total=Count("initiatives"),
            validated=Count("initiatives", filter=Q(initiatives__status="validated")),
        )
    )


def account_companies(*, actor: User, key_account: KeyAccount) -> CustomerQuerySet:
    """The companies of the account's group whose figures the reader may read (their unit
    scope): every figure of an account document sums these only."""
    return Customer.objects.family_of(key_account.customer).visible_to(actor)


def family_revenue(groups: Any, since: dt.date, *, actor: User) -> Decimal:
    """Revenue since ``since`` of the given customer groups and every company below them that
    the reader may see."""
    families = Customer.objects.filter(Q(pk__in=groups) | Q(group__in=groups)).visible_to(actor)
    total = SalesFact.objects.filter(customer__in=families, period__gte=since).aggregate(
        revenue=MoneySum("revenue")
    )["revenue"]
    return Decimal(total or 0)


def key_account_revenue(
    *, actor: User, customer_ids: Iterable[int], since: dt.date
) -> tuple[Decimal, Decimal]:
    """Revenue since ``since`` of the given key accounts' groups, and of every group the reader
    sees: ``(key, total)``."""
    visible = Customer.objects.visible_to(actor).groups()
    total = family_revenue(visible, since, actor=actor)
    key = family_revenue(visible.filter(pk__in=list(customer_ids)), since, actor=actor)
    return key, total


def open_resource_request_list(*, actor: User) -> list[ResourceRequest]:
    """Resource requests a profit centre has not (fully) committed to."""
    return list(
        ResourceRequest.objects.visible_to(actor)
        .exclude(status=ResourceRequest.Status.COMMITTED)
        .select_related("initiative__key_account__customer", "business_unit")
    )


def awaiting_decision_list(*, actor: User) -> list[StrategicInitiative]:
    """Initiatives submitted for a decision."""
    return list(
        StrategicInitiative.objects.visible_to(actor)
        .filter(status=StrategicInitiative.Status.SUBMITTED)
        .select_related("key_account__customer")
    )


def nominating_run(
    *, run_ids: Iterable[int], customer_ids: Iterable[int]
) -> tuple[SelectionRun, list[SelectionResult]]:
    """The newest of the given selection runs, with its results for the given customers.

    The caller checks that the reader may see the selection (results cover the whole base).
    """
    run = SelectionRun.objects.filter(pk__in=list(run_ids)).select_related("model")
    latest = run.latest("created_at")
    results = SelectionResult.objects.filter(
        run=latest, account_id__in=list(customer_ids)
    ).select_related("account")
    return latest, list(results)


def downloadable_account_list(*, actor: User) -> QuerySet[KeyAccount]:
    """The current key accounts whose documents the reader may download."""
    return KeyAccount.objects.visible_to(actor).current().select_related("customer")


def pack_list(*, actor: User, limit: int = 5) -> list[BriefPack]:
    """The reader's newest brief packs (without their content)."""
    return list(BriefPack.objects.filter(requested_by=actor).defer("content")[:limit])


def own_pack(*, actor: User, public_id: uuid.UUID) -> BriefPack | None:
    """One of the reader's own packs (without its content); packs are private to who asked."""
    return (
        BriefPack.objects.defer("content").filter(public_id=public_id, requested_by=actor).first()
    )


def pack_content(pack: BriefPack) -> bytes | None:
    """The ZIP file of a pack, read only when it is downloaded."""
    content = BriefPack.objects.filter(pk=pack.pk).values_list("content", flat=True).first()
    return None if content is None else bytes(content)
