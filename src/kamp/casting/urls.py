from __future__ import annotations

from django.urls import path

from kamp.casting import views

app_name = "casting"
urlpatterns = [
    path("", views.team, name="team"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<uuid:public_id>/", views.person_detail, name="person-detail"),
    path("people/<uuid:public_id>/edit/", views.person_edit, name="person-edit"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/presets/<str:key>/", views.framework_preset, name="framework-preset"),
    path("frameworks/<uuid:public_id>/", views.framework_detail, name="framework-detail"),
    path(
        "frameworks/<uuid:public_id>/<slug:code>/edit/",
        views.competency_edit,
        name="competency-edit",
    ),
    path("profiles/", views.profile_list, name="profile-list"),
    path("profiles/derive/", views.profile_derive, name="profile-derive"),
    path("profiles/<uuid:public_id>/", views.profile_detail, name="profile-detail"),
    path("profiles/<uuid:public_id>/edit/", views.profile_edit, name="profile-edit"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<uuid:public_id>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<uuid:public_id>/close/", views.campaign_close, name="campaign-close"),
    path("campaigns/<uuid:public_id>/open/", views.campaign_open, name="campaign-open"),
    path("assessments/<uuid:public_id>/rate/", views.assessment_rate, name="assessment-rate"),
    path("assessments/<uuid:public_id>/close/", views.assessment_close, name="assessment-close"),
    path("assignment/", views.proposal_latest, name="proposal-latest"),
    path("assignment/new/", views.proposal_create, name="proposal-create"),
    path("assignment/<uuid:public_id>/", views.proposal_detail, name="proposal-detail"),
    path("assignment/<uuid:public_id>/accept/", views.proposal_accept, name="proposal-accept"),
]
