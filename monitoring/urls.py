from django.urls import path

from monitoring.views import figures, periods, reports

app_name = "monitoring"
urlpatterns = [
    path("", reports.report_list, name="report_list"),
    path("reports/start/", reports.report_start, name="report_start"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/approve/", reports.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", reports.report_return, name="report_return"),
    path("reports/<int:pk>/reopen/", reports.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/history/", reports.report_history, name="report_history"),
    path("extensions/new/", periods.extension_create, name="extension_create"),
    path("completeness/", periods.completeness, name="completeness"),
    path("aggregates/", figures.aggregates, name="aggregates"),
    path("export/", figures.export, name="export"),
    path("export/<int:pk>/download/", figures.export_download, name="export_download"),
    path("import/", figures.import_figures, name="import"),
]
