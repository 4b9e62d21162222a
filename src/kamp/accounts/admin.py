"""Read-only admin for staff: key accounts change through their page and API (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from kamp.accounts.models import (
    AccountPlan,
    KeyAccount,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
)

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest


@admin.register(KeyAccount)
class KeyAccountAdmin(admin.ModelAdmin[KeyAccount]):
    list_display = ["customer", "tier", "status", "kam", "sponsor", "relationship_stage"]
    list_filter = ["tier", "status", "relationship_stage"]
    list_select_related = ["customer", "kam", "sponsor"]
    search_fields = ["customer__name", "customer__source_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: KeyAccount | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: KeyAccount | None = None) -> bool:
        return False


class ReadOnlyAdmin[M: Model](admin.ModelAdmin[M]):
    """Staff look; every change goes through the audited services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(AccountPlan)
class AccountPlanAdmin(ReadOnlyAdmin[AccountPlan]):
    list_display = ["key_account", "year", "version", "next_review_on"]
    list_select_related = ["key_account__customer"]
    search_fields = ["key_account__customer__name"]


@admin.register(StrategicInitiative)
class StrategicInitiativeAdmin(ReadOnlyAdmin[StrategicInitiative]):
    list_display = ["title", "key_account", "status", "owner"]
    list_filter = ["status"]
    list_select_related = ["key_account__customer", "owner"]
    search_fields = ["title", "key_account__customer__name"]


@admin.register(ResourceRequest)
class ResourceRequestAdmin(ReadOnlyAdmin[ResourceRequest]):
    list_display = ["initiative", "business_unit", "kind", "amount", "status", "committed_amount"]
    list_filter = ["status", "kind", "business_unit"]
    list_select_related = ["initiative", "business_unit"]


@admin.register(Stakeholder)
class StakeholderAdmin(ReadOnlyAdmin[Stakeholder]):
    list_display = ["contact", "key_account", "buying_role", "attitude", "owner", "last_met_on"]
    list_filter = ["buying_role", "attitude"]
    list_select_related = ["contact", "key_account__customer", "owner"]
