from django.urls import path

from roundtables import views

app_name = "roundtables"
urlpatterns = [
    path("", views.round_table_list, name="list"),
    path("new/", views.round_table_create, name="create"),
    path("<int:pk>/", views.round_table_detail, name="detail"),
    path("<int:pk>/edit/", views.round_table_update, name="update"),
    path("<int:pk>/protocol.pdf", views.protocol_pdf, name="protocol_pdf"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants/import/", views.participant_import, name="participant_import"),
    path("participants/template.<str:kind>", views.import_template, name="import_template"),
    path(
        "participations/<int:pk>/status/",
        views.participation_status,
        name="participation_status",
    ),
    path(
        "participations/<int:pk>/remove/",
        views.participation_remove,
        name="participation_remove",
    ),
    path("<int:pk>/resolutions/new/", views.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/edit/", views.resolution_update, name="resolution_update"),
    path("resolutions/<int:pk>/delete/", views.resolution_delete, name="resolution_delete"),
    path(
        "resolutions/<int:pk>/commitments/new/",
        views.commitment_create,
        name="commitment_create",
    ),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/<int:pk>/edit/", views.commitment_update, name="commitment_update"),
    path("commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path("<int:pk>/files/new/", views.attachment_upload, name="attachment_upload"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_update, name="person_update"),
]
