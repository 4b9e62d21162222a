from __future__ import annotations

from django.urls import path

from kamp.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="customer-list"),
    path("<uuid:public_id>/", views.customer_detail, name="customer-detail"),
    path("<uuid:public_id>/edit/", views.customer_edit, name="customer-edit"),
    path("<uuid:public_id>/contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<uuid:public_id>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<uuid:public_id>/delete/", views.contact_delete, name="contact-delete"),
    path(
        "contacts/<uuid:public_id>/personal-data/",
        views.contact_personal_data,
        name="contact-personal-data",
    ),
    path(
        "contacts/<uuid:public_id>/personal-data.json",
        views.contact_personal_data_download,
        name="contact-personal-data-download",
    ),
]
