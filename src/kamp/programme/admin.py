"""Read-only admin for staff: the programme changes through its pages and API (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from kamp.programme.models import (
    BusinessChallenge,
    Charter,
    Engagement,
    Interview,
    Milestone,
    Objective,
    ReviewAction,
    Sponsorship,
    SteeringReview,
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


@admin.register(SteeringReview)
class SteeringReviewAdmin(ReadOnlyAdmin):
    list_display = ["title", "held_on", "status"]
    list_filter = ["status"]


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyAdmin):
    list_display = ["key_account", "kind", "held_on", "sponsor"]
    list_filter = ["kind"]
    list_select_related = ["key_account__customer", "sponsor"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["title", "phase", "due_on", "status"]
    list_filter = ["phase", "status"]


for model in (Charter, BusinessChallenge, Objective, Interview, ReviewAction, Sponsorship):
    admin.site.register(model, ReadOnlyAdmin)
