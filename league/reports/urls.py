from django.urls import path

from league.reports import views

app_name = "reports"
urlpatterns = [
    path("monitoring/", views.monitoring, name="monitoring"),
]
