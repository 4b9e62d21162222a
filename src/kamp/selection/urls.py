from __future__ import annotations

from django.urls import path

from kamp.selection import views

app_name = "selection"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("metrics/", views.account_metrics, name="account-metrics"),
    path("segments/", views.segment_list, name="segment-list"),
    path("segments/new/", views.segment_create, name="segment-create"),
    path("segments/<uuid:public_id>/edit/", views.segment_edit, name="segment-edit"),
    path("segments/<uuid:public_id>/delete/", views.segment_delete, name="segment-delete"),
    path("models/", views.model_list, name="model-list"),
    path("models/new/", views.model_create, name="model-create"),
    path("models/import/", views.model_import, name="model-import"),
    path("models/presets/<str:key>/", views.model_preset, name="model-preset"),
    path("models/<uuid:public_id>/", views.model_detail, name="model-detail"),
    path("models/<uuid:public_id>/edit/", views.model_edit, name="model-edit"),
    path("models/<uuid:public_id>/export/", views.model_export, name="model-export"),
    path("scores/", views.manual_scores, name="manual-scores"),
    path("runs/", views.run_list, name="run-list"),
    path("runs/new/", views.run_create, name="run-create"),
    path("runs/<uuid:public_id>/", views.run_detail, name="run-detail"),
    path("runs/<uuid:public_id>/results/", views.run_results, name="run-results"),
    path("runs/<uuid:public_id>/submit/", views.run_submit, name="run-submit"),
    path("runs/<uuid:public_id>/delete/", views.run_delete, name="run-delete"),
    path("runs/<uuid:public_id>/compare/", views.run_compare, name="run-compare"),
    path("results/<uuid:public_id>/", views.result_detail, name="result-detail"),
    path("results/<uuid:public_id>/decide/", views.result_decide, name="result-decide"),
]
