"""Read-only queries of the accounts app that pages and the API share."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from kamp.accounts.models import ResourceRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.users.models import User

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


def _aggregate(user: User | AnonymousUser, *keys: str) -> list[dict[str, Any]]:
    rows = (
        ResourceRequest.objects.visible_to(user)
        .values(*keys, "kind")
        .annotate(
            asked=Sum("amount"),
            committed=Coalesce(Sum("committed_amount"), ZERO),
            pending=Count("id", filter=Q(status=ResourceRequest.Status.PENDING)),
            declined=Count("id", filter=Q(status=ResourceRequest.Status.DECLINED)),
        )
        .order_by(*keys, "kind")
    )
    kinds = dict(ResourceRequest.Kind.choices)
    return [
        {
            **r,
            "kind_label": kinds.get(r["kind"], r["kind"]),
            "gap": (r["asked"] or Decimal(0)) - r["committed"],
        }
        for r in rows
    ]


def resource_alignment(user: User | AnonymousUser) -> dict[str, Any]:
    """Asked vs committed by profit centre and by key account (per type), and what waits longest.

    Three queries whatever the number of requests.
    """
    waiting = (
        ResourceRequest.objects.visible_to(user)
        .filter(status=ResourceRequest.Status.PENDING)
        .select_related("business_unit", "initiative__key_account__customer")
        .order_by("created_at", "id")[:10]
    )
    return {
        "by_unit": _aggregate(user, "business_unit__code", "business_unit__name"),
        "by_account": _aggregate(
            user, "initiative__key_account__public_id", "initiative__key_account__customer__name"
        ),
        "waiting": list(waiting),
    }
