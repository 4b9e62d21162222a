from __future__ import annotations

from django.urls import path

from kamp.change.views import communication, listening, maturity

app_name = "change"
urlpatterns = [
    path("", maturity.overview, name="overview"),
    path("assessments/<uuid:public_id>/", maturity.assessment_detail, name="assessment-detail"),
    path("actions/", maturity.action_list, name="action-list"),
    path(
        "actions/<uuid:public_id>/accept/",
        maturity.action_decide,
        {"verb": "accept"},
        name="action-accept",
    ),
    path(
        "actions/<uuid:public_id>/dismiss/",
        maturity.action_decide,
        {"verb": "dismiss"},
        name="action-dismiss",
    ),
    path(
        "actions/<uuid:public_id>/done/",
        maturity.action_decide,
        {"verb": "complete"},
        name="action-complete",
    ),
    path("communication/", communication.communication_plan, name="communication"),
    path("announcements/", communication.announcement_list, name="announcement-list"),
    path(
        "announcements/unread/",
        communication.announcement_list,
        {"unread": True},
        name="announcement-unread",
    ),
    path(
        "announcements/<uuid:public_id>/",
        communication.announcement_detail,
        name="announcement-detail",
    ),
    path("pulses/", listening.pulse_list, name="pulse-list"),
    path("pulses/<uuid:public_id>/", listening.pulse_detail, name="pulse-detail"),
    path("concerns/", listening.concern_list, name="concern-list"),
    path("concerns/<uuid:public_id>/answer/", listening.concern_answer, name="concern-answer"),
]
