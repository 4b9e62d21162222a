"""Read-only admin for staff: key accounts change through their page and API (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from kamp.accounts.models import KeyAccount

if TYPE_CHECKING:
    from django.http import HttpRequest


@admin.register(KeyAccount)
class KeyAccountAdmin(admin.ModelAdmin[KeyAccount]):
    list_display = ["customer", "tier", "status", "kam", "nominated_on"]
    list_filter = ["tier", "status"]
    list_select_related = ["customer", "kam"]
    search_fields = ["customer__name", "customer__source_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: KeyAccount | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: KeyAccount | None = None) -> bool:
        return False
