"""Read-only admin for staff: brief packs are requested from the documents page."""

from __future__ import annotations

from django.contrib import admin

from kamp.documents.models import BriefPack
from kamp.programme.admin import ReadOnlyAdmin


@admin.register(BriefPack)
class BriefPackAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "requested_by", "format", "language", "status", "done", "total"]
    list_filter = ["status", "format", "language"]
    exclude = ["content"]
