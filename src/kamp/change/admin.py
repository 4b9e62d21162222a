"""Read-only admin for staff: change management goes through its pages and API (audited).

Pulse answers and participations are not registered: the admin must not become a place where
the two could be read side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from kamp.change.models import (
    Announcement,
    Assessment,
    CommunicationItem,
    Concern,
    ImprovementAction,
    PulseSurvey,
)

if TYPE_CHECKING:
    from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shows rows; adding, changing and deleting go through the services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "assessed_on", "status"]
    list_filter = ["status"]


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ["kind", "status", "created_at"]
    list_filter = ["kind", "status"]


for model in (ImprovementAction, CommunicationItem, Announcement, PulseSurvey):
    admin.site.register(model, ReadOnlyAdmin)
