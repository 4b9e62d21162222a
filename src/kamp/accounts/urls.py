from __future__ import annotations

from django.urls import path

from kamp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.key_account_list, name="key-account-list"),
    path("<uuid:public_id>/", views.key_account_detail, name="key-account-detail"),
    path("<uuid:public_id>/profile/", views.key_account_profile, name="key-account-profile"),
]
