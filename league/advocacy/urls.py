from django.urls import path

from league.advocacy import views

app_name = "advocacy"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("memoranda/", views.memorandum_list, name="memorandum_list"),
    path("memoranda/new/", views.memorandum_create, name="memorandum_create"),
    path("memoranda/<int:pk>/", views.memorandum_edit, name="memorandum_edit"),
    path("memoranda/<int:pk>/document/", views.memorandum_document, name="memorandum_document"),
]
