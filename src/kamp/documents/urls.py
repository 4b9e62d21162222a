from __future__ import annotations

from django.urls import path

from kamp.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("<slug:kind>.<slug:fmt>", views.programme_document, name="programme-document"),
    path(
        "<slug:kind>/<uuid:public_id>.<slug:fmt>",
        views.account_document,
        name="account-document",
    ),
]
