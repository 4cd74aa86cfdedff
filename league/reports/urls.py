from django.urls import path

from league.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/monitoring/", views.monitoring, name="monitoring"),
    path("reports/releases/", views.release_make, name="release_make"),
    path("reports/issue/", views.issue, name="issue"),
    path("reports/issued/", views.issued_list, name="issued_list"),
    path("reports/issued/<int:pk>/", views.issued_detail, name="issued_detail"),
    path("reports/issued/<int:pk>/report.pdf", views.issued_pdf, name="issued_pdf"),
    path("reports/issued/<int:pk>/tables.xlsx", views.issued_xlsx, name="issued_xlsx"),
    path(
        "reports/communities/<int:pk>/profile.pdf",
        views.community_profile_pdf,
        name="community_profile_pdf",
    ),
    path("verify/", views.verify, name="verify"),
    path("public/", views.public, name="public"),
    path("public/communities.csv", views.public_csv, name="public_csv"),
    path("public/communities.json", views.public_json, name="public_json"),
    path("public/oblast-figures.csv", views.public_figures_csv, name="public_figures_csv"),
    path("public/datapackage.json", views.public_datapackage, name="public_datapackage"),
]
