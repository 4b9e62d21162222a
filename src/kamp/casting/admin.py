"""Read-only admin for staff: casting changes go through its pages, API and services
(versioned and audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from kamp.casting.models import (
    Assessment,
    AssignmentLine,
    AssignmentProposal,
    AttainedLevel,
    Campaign,
    Competency,
    DevelopmentAction,
    Framework,
    Person,
    Rater,
    Rating,
    Requirement,
    RoleProfile,
)

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest


class ReadOnlyAdmin[M: Model](admin.ModelAdmin[M]):
    """Staff look; every change goes through the audited services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin[Framework]):
    list_display = ["name", "key", "version", "created_at"]
    list_filter = ["key"]
    search_fields = ["name", "key"]


@admin.register(Competency)
class CompetencyAdmin(ReadOnlyAdmin[Competency]):
    list_display = ["name", "code", "framework", "kind", "importance"]
    list_filter = ["kind", "importance"]
    list_select_related = ["framework"]
    search_fields = ["name", "code"]


@admin.register(RoleProfile)
class RoleProfileAdmin(ReadOnlyAdmin[RoleProfile]):
    list_display = ["name", "version", "role", "framework"]
    list_filter = ["role"]
    list_select_related = ["framework"]
    search_fields = ["name"]


@admin.register(Requirement)
class RequirementAdmin(ReadOnlyAdmin[Requirement]):
    list_display = ["profile", "competency", "level", "weight"]
    list_select_related = ["profile", "competency"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin[Person]):
    list_display = ["user", "manager", "profile", "capacity"]
    list_select_related = ["user", "manager", "profile"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin[Campaign]):
    list_display = ["name", "kind", "status", "framework", "min_raters", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["framework"]
    search_fields = ["name"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin[Assessment]):
    list_display = ["person", "campaign", "profile", "closed_at"]
    list_select_related = ["person__user", "campaign", "profile"]


@admin.register(Rater)
class RaterAdmin(ReadOnlyAdmin[Rater]):
    """Perspectives and dates only: peers stay anonymous here too."""

    list_display = ["assessment", "perspective", "submitted_at"]
    list_filter = ["perspective"]
    list_select_related = ["assessment__person__user", "assessment__campaign"]
    exclude = ["user"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin[Rating]):
    list_display = ["competency", "level"]
    list_select_related = ["competency"]
    exclude = ["rater"]


@admin.register(AttainedLevel)
class AttainedLevelAdmin(ReadOnlyAdmin[AttainedLevel]):
    list_display = ["assessment", "competency", "level"]
    list_select_related = ["assessment__person__user", "assessment__campaign", "competency"]


@admin.register(DevelopmentAction)
class DevelopmentActionAdmin(ReadOnlyAdmin[DevelopmentAction]):
    list_display = ["title", "person", "starts_on", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["person__user"]


@admin.register(AssignmentProposal)
class AssignmentProposalAdmin(ReadOnlyAdmin[AssignmentProposal]):
    list_display = ["__str__", "created_by", "continuity", "created_at"]
    list_select_related = ["created_by"]


@admin.register(AssignmentLine)
class AssignmentLineAdmin(ReadOnlyAdmin[AssignmentLine]):
    list_display = ["key_account", "current", "proposed", "fit", "accepted_at"]
    list_select_related = ["key_account__customer", "current", "proposed", "proposal"]
