"""URLs of plans, programmes and contracts; communities/urls.py includes them under its
own namespace, so they are named communities:plan_overview and so on."""

from django.urls import path

from communities.plans.views import contracts, measures, overview, plans, programmes

urlpatterns = [
    path("plans/", overview.plan_overview, name="plan_overview"),
    path("plans/overdue/", overview.measure_overdue, name="measure_overdue"),
    path("<int:pk>/plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_update, name="plan_update"),
    path("plans/<int:pk>/status/", plans.plan_status, name="plan_status"),
    path("plans/<int:pk>/document/", plans.plan_document, name="plan_document"),
    path("plans/<int:pk>/measures/new/", measures.measure_create, name="measure_create"),
    path("measures/<int:pk>/edit/", measures.measure_update, name="measure_update"),
    path("measures/<int:pk>/status/", measures.measure_status, name="measure_status"),
    path("measure-updates/<int:pk>/evidence/", measures.measure_evidence, name="measure_evidence"),
    path("<int:pk>/programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_update, name="programme_update"),
    path("programmes/<int:pk>/lines/new/", programmes.budgetline_create, name="budgetline_create"),
    path("budget-lines/<int:pk>/edit/", programmes.budgetline_update, name="budgetline_update"),
    path("budget-lines/<int:pk>/delete/", programmes.budgetline_delete, name="budgetline_delete"),
    path("<int:pk>/contracts/new/", contracts.contract_create, name="contract_create"),
    path("contracts/<int:pk>/edit/", contracts.contract_update, name="contract_update"),
]
