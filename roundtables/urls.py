from django.urls import path

from roundtables.views import attachments, participants, people, resolutions, round_tables

app_name = "roundtables"
urlpatterns = [
    path("", round_tables.round_table_list, name="list"),
    path("new/", round_tables.round_table_create, name="create"),
    path("<int:pk>/", round_tables.round_table_detail, name="detail"),
    path("<int:pk>/edit/", round_tables.round_table_update, name="update"),
    path("<int:pk>/protocol.pdf", round_tables.protocol_pdf, name="protocol_pdf"),
    path("<int:pk>/attendance/", participants.attendance, name="attendance"),
    path("<int:pk>/participants/add/", participants.participant_add, name="participant_add"),
    path(
        "<int:pk>/participants/import/", participants.participant_import, name="participant_import"
    ),
    path("participants/template.<str:kind>", participants.import_template, name="import_template"),
    path(
        "participations/<int:pk>/status/",
        participants.participation_status,
        name="participation_status",
    ),
    path(
        "participations/<int:pk>/remove/",
        participants.participation_remove,
        name="participation_remove",
    ),
    path("<int:pk>/resolutions/new/", resolutions.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/edit/", resolutions.resolution_update, name="resolution_update"),
    path("resolutions/<int:pk>/delete/", resolutions.resolution_delete, name="resolution_delete"),
    path(
        "resolutions/<int:pk>/commitments/new/",
        resolutions.commitment_create,
        name="commitment_create",
    ),
    path("commitments/", resolutions.commitment_list, name="commitment_list"),
    path("commitments/<int:pk>/edit/", resolutions.commitment_update, name="commitment_update"),
    path("commitments/<int:pk>/status/", resolutions.commitment_status, name="commitment_status"),
    path("<int:pk>/files/new/", attachments.attachment_upload, name="attachment_upload"),
    path("files/<int:pk>/", attachments.attachment_download, name="attachment_download"),
    path("files/<int:pk>/delete/", attachments.attachment_delete, name="attachment_delete"),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/edit/", people.person_update, name="person_update"),
]
