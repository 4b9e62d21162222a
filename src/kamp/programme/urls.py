from __future__ import annotations

from django.urls import path

from kamp.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("interviews/", views.interview_list, name="interview-list"),
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/<uuid:public_id>/", views.review_detail, name="review-detail"),
    path("actions/<uuid:public_id>/done/", views.action_complete, name="action-complete"),
    path("roadmap/", views.roadmap, name="roadmap"),
]
urlpatterns += [
    path("sponsorship/", views.sponsorship_plan, name="sponsorship"),
    path("sponsorship/<uuid:public_id>/", views.sponsorship_detail, name="sponsorship-detail"),
]
