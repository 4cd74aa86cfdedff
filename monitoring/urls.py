from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("reports/start/", views.report_start, name="report_start"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/history/", views.report_history, name="report_history"),
    path("extensions/new/", views.extension_create, name="extension_create"),
    path("completeness/", views.completeness, name="completeness"),
    path("aggregates/", views.aggregates, name="aggregates"),
    path("export/", views.export, name="export"),
    path("import/", views.import_figures, name="import"),
]
