from django.urls import path

from league.targets import views

app_name = "targets"

urlpatterns = [
    path("", views.progress, name="progress"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("values/<int:pk>/evidence/", views.value_evidence, name="value_evidence"),
]
