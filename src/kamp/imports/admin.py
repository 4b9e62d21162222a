from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from kamp.imports.models import ImportRun, SavedMapping

if TYPE_CHECKING:
    from django.http import HttpRequest


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    """The import history, read-only: runs are written by the import services only."""

    list_display = ["created_at", "kind", "file_name", "status", "rows_read", "created_by"]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "file_hash", "created_by__username"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        # Its rows would stay without a way to undo them: undo the import instead.
        return False


@admin.register(SavedMapping)
class SavedMappingAdmin(admin.ModelAdmin[SavedMapping]):
    """Mappings confirmed on the upload page; delete one to have kamp detect columns again."""

    list_display = ["name", "kind", "updated_at", "created_by"]
    list_filter = ["kind"]
    readonly_fields = ["headers_key"]
