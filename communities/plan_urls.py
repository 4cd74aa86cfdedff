"""URLs of plans, programmes and contracts; communities/urls.py includes them under its
own namespace, so they are named communities:plan_overview and so on."""

from django.urls import path

from communities import plan_views as views

urlpatterns = [
    path("plans/", views.plan_overview, name="plan_overview"),
    path("plans/overdue/", views.measure_overdue, name="measure_overdue"),
    path("<int:pk>/plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_update, name="plan_update"),
    path("plans/<int:pk>/status/", views.plan_status, name="plan_status"),
    path("plans/<int:pk>/document/", views.plan_document, name="plan_document"),
    path("plans/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/edit/", views.measure_update, name="measure_update"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("measure-updates/<int:pk>/evidence/", views.measure_evidence, name="measure_evidence"),
    path("<int:pk>/programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_update, name="programme_update"),
    path("programmes/<int:pk>/lines/new/", views.budgetline_create, name="budgetline_create"),
    path("budget-lines/<int:pk>/edit/", views.budgetline_update, name="budgetline_update"),
    path("budget-lines/<int:pk>/delete/", views.budgetline_delete, name="budgetline_delete"),
    path("<int:pk>/contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/edit/", views.contract_update, name="contract_update"),
]
