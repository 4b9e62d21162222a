from __future__ import annotations

from django.urls import path

import kamp.imports.views as views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("<uuid:public_id>/", views.import_detail, name="import-detail"),
    path("<uuid:public_id>/progress/", views.import_progress, name="import-progress"),
    path("<uuid:public_id>/problems.csv", views.import_errors_csv, name="import-errors"),
    path("<uuid:public_id>/mapping.toml", views.import_mapping_toml, name="import-mapping"),
    path("<uuid:public_id>/undo/", views.import_undo, name="import-undo"),
    path("<uuid:public_id>/discard/", views.import_discard, name="import-discard"),
    path("exports/<str:kind>.<str:fmt>", views.export, name="export"),
]
