from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kamp.users.models import ApiToken, User

admin.site.register(User, UserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
