from __future__ import annotations

from django.urls import path

from kamp.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.company_settings_edit, name="company-settings"),
]
