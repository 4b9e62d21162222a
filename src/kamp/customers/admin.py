from __future__ import annotations

from django.contrib import admin

from kamp.customers.models import Contact, Customer, SalesFact, WalletEstimate


class ContactInline(admin.TabularInline[Contact, Customer]):
    model = Contact
    fields = ["name", "title", "email", "phone"]
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ["name", "source_id", "country", "business_unit", "industry", "group"]
    list_filter = ["country", "business_unit", "size"]
    search_fields = ["name", "source_id"]
    list_select_related = ["country", "business_unit", "group"]
    raw_id_fields = ["parent"]
    readonly_fields = ["group", "public_id"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = ["name", "title", "customer", "email"]
    search_fields = ["name", "email", "customer__name"]
    list_select_related = ["customer"]
    raw_id_fields = ["customer", "reports_to"]


@admin.register(SalesFact)
class SalesFactAdmin(admin.ModelAdmin[SalesFact]):
    list_display = ["customer", "period", "product_line", "business_unit", "country", "revenue"]
    list_filter = ["period", "product_line", "business_unit"]
    list_select_related = ["customer", "product_line", "business_unit", "country"]
    raw_id_fields = ["customer"]
    date_hierarchy = "period"


@admin.register(WalletEstimate)
class WalletEstimateAdmin(admin.ModelAdmin[WalletEstimate]):
    list_display = ["customer", "year", "product_line", "amount"]
    list_filter = ["year", "product_line"]
    list_select_related = ["customer", "product_line"]
    raw_id_fields = ["customer"]
