from __future__ import annotations

from django.urls import path

from kamp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.key_account_list, name="key-account-list"),
    path("<uuid:public_id>/", views.key_account_detail, name="key-account-detail"),
    path("<uuid:public_id>/profile/", views.key_account_profile, name="key-account-profile"),
    path("<uuid:public_id>/initiatives/new/", views.initiative_create, name="initiative-create"),
    path("initiatives/<uuid:public_id>/", views.initiative_detail, name="initiative-detail"),
    path(
        "initiatives/<uuid:public_id>/transition/",
        views.initiative_transition,
        name="initiative-transition",
    ),
    path(
        "initiatives/<uuid:public_id>/comment/",
        views.initiative_comment,
        name="initiative-comment",
    ),
    path("initiatives/<uuid:public_id>/milestones/", views.milestone_add, name="milestone-add"),
    path(
        "initiatives/<uuid:public_id>/milestones/<uuid:milestone_id>/toggle/",
        views.milestone_toggle,
        name="milestone-toggle",
    ),
    path("initiatives/<uuid:public_id>/actions/", views.action_add, name="action-add"),
    path("actions/<uuid:action_id>/status/", views.action_status, name="action-status"),
    path("<uuid:public_id>/plans/new/", views.plan_create, name="plan-create"),
    path("plans/<uuid:public_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<uuid:public_id>/targets/", views.plan_targets, name="plan-targets"),
    path("plans/<uuid:public_id>/refresh/", views.plan_refresh, name="plan-refresh"),
    path("plans/<uuid:public_id>/copy/", views.plan_copy, name="plan-copy"),
    path("plans/<uuid:public_id>/export.xlsx", views.plan_export, name="plan-export"),
    path(
        "initiatives/<uuid:public_id>/requests/",
        views.resource_request_add,
        name="resource-request-add",
    ),
    path("requests/", views.resource_inbox, name="resource-inbox"),
    path(
        "requests/<uuid:public_id>/answer/",
        views.resource_request_answer,
        name="resource-request-answer",
    ),
    path("alignment/", views.resource_alignment, name="resource-alignment"),
    path("<uuid:public_id>/stakeholders/", views.stakeholder_map, name="stakeholder-map"),
    path("stakeholders/<uuid:public_id>/", views.stakeholder_edit, name="stakeholder-edit"),
    path(
        "stakeholders/<uuid:public_id>/remove/",
        views.stakeholder_remove,
        name="stakeholder-remove",
    ),
    path("<uuid:public_id>/white-space/", views.white_space, name="white-space"),
    path("<uuid:public_id>/team/", views.account_team, name="account-team"),
    path("<uuid:public_id>/team/raci/", views.raci_cell, name="raci-cell"),
    path(
        "<uuid:public_id>/team/<uuid:member_id>/remove/",
        views.team_member_remove,
        name="team-member-remove",
    ),
    path("initiatives/to-decide/", views.initiatives_to_decide, name="initiatives-to-decide"),
    path("actions/overdue/", views.overdue_actions, name="overdue-actions"),
]
