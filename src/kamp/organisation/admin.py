from __future__ import annotations

from django.contrib import admin

from kamp.organisation.models import BusinessUnit, Country, Membership, ProductLine, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin[Country]):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(BusinessUnit)
class BusinessUnitAdmin(admin.ModelAdmin[BusinessUnit]):
    list_display = ["code", "name", "director"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["director"]


@admin.register(ProductLine)
class ProductLineAdmin(admin.ModelAdmin[ProductLine]):
    list_display = ["code", "name", "business_unit"]
    list_filter = ["business_unit"]
    search_fields = ["code", "name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "business_unit", "created_at"]
    list_filter = ["role", "business_unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "business_unit"]
