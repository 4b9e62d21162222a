"""Read-only admin for staff: selection is changed through its pages, API and CLI (services keep
versions and the audit trail), so the admin only shows what is there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from kamp.selection.models import (
    ManualScore,
    ScoringModel,
    Segment,
    SelectionResult,
    SelectionRun,
    Validation,
)

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Segment)
class SegmentAdmin(ReadOnly):
    list_display = ["name", "match", "fit", "position"]
    search_fields = ["name"]


@admin.register(ScoringModel)
class ScoringModelAdmin(ReadOnly):
    list_display = ["name", "version", "created_by", "created_at"]
    search_fields = ["name"]


@admin.register(ManualScore)
class ManualScoreAdmin(ReadOnly):
    list_display = ["account", "criterion", "score", "scale", "scored_by", "updated_at"]
    list_filter = ["criterion"]
    list_select_related = ["account", "scored_by"]
    search_fields = ["account__name", "account__source_id"]


@admin.register(SelectionRun)
class SelectionRunAdmin(ReadOnly):
    list_display = ["name", "status", "model", "as_of", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["model", "created_by"]


@admin.register(SelectionResult)
class SelectionResultAdmin(ReadOnly):
    list_display = ["run", "rank", "account", "attractiveness", "strength", "tier", "selected"]
    list_filter = ["selected", "tier"]
    list_select_related = ["run", "account"]
    search_fields = ["account__name", "account__source_id"]


@admin.register(Validation)
class ValidationAdmin(ReadOnly):
    list_display = ["result", "decision", "decided_by", "created_at"]
    list_filter = ["decision"]
    list_select_related = ["result", "decided_by"]
