from __future__ import annotations

from django.urls import path

from kamp.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("packs/", views.pack_create, name="pack-create"),
    path("packs/<uuid:public_id>/", views.pack_detail, name="pack-detail"),
    path("packs/<uuid:public_id>/download/", views.pack_download, name="pack-download"),
    path("<slug:kind>.<slug:fmt>", views.programme_document, name="programme-document"),
    path(
        "<slug:kind>/<uuid:public_id>.<slug:fmt>",
        views.account_document,
        name="account-document",
    ),
]
