from django.urls import path

from league.campaign import views

app_name = "campaign"

urlpatterns = [
    path("", views.strategy_list, name="strategy_list"),
    path("strategies/new/", views.strategy_create, name="strategy_create"),
    path("strategies/<int:pk>/", views.strategy_detail, name="strategy_detail"),
    path("strategies/<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("strategies/<int:pk>/status/", views.strategy_status, name="strategy_status"),
    path("versions/<int:pk>/document/", views.version_document, name="version_document"),
    path("strategies/<int:pk>/agreements/", views.agreement_summary, name="agreement_summary"),
    path(
        "strategies/<int:pk>/agreements/<int:community_pk>/",
        views.agreement_edit,
        name="agreement_edit",
    ),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("activities/", views.activity_list, name="activity_list"),
    path(
        "communities/<int:community_pk>/activities/new/",
        views.activity_create,
        name="activity_create",
    ),
    path("activities/<int:pk>/photo/", views.activity_photo, name="activity_photo"),
]
