"""Admin for identification plans, local programmes, budget lines and service contracts."""

from django.contrib import admin

from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from league.admin_policy import LogInline, PolicyAdmin


class PlanMeasureInline(admin.TabularInline):
    model = PlanMeasure
    extra = 0
    fields = ["category", "description", "responsible", "deadline", "status"]
    readonly_fields = ["status"]  # changes only with its dated record: measure_record_update


@admin.register(IdentificationPlan)
class IdentificationPlanAdmin(PolicyAdmin):
    list_display = [
        "community",
        "start_year",
        "end_year",
        "status",
        "decision_number",
        "decision_date",
    ]
    list_filter = ["status", "start_year", "community__raion"]
    search_fields = ["community__name", "community__katottg", "decision_number"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    inlines = [PlanMeasureInline]
    # The workflow changes on the plan's page (plan_change_status), which checks who may
    # make which move and locks the row.
    readonly_fields = [
        "status",
        "decision_number",
        "decision_date",
        "decision_body",
        "decision_document",
        "decision_document_name",
    ]


class MeasureUpdateInline(LogInline, admin.TabularInline):
    model = MeasureUpdate
    fields = ["date", "status", "note", "evidence_url", "evidence_file", "recorded_by"]
    readonly_fields = fields


@admin.register(PlanMeasure)
class PlanMeasureAdmin(PolicyAdmin):
    list_display = ["__str__", "plan", "category", "deadline", "status"]
    list_filter = ["status", "category", "plan__community__raion"]
    search_fields = ["description", "responsible", "plan__community__name"]
    list_select_related = ["plan__community"]
    raw_id_fields = ["plan"]
    inlines = [MeasureUpdateInline]
    readonly_fields = ["status"]  # changes only with its dated record: measure_record_update


@admin.register(MeasureUpdate)
class MeasureUpdateAdmin(PolicyAdmin):
    list_display = ["measure", "date", "status", "recorded_by"]
    list_filter = ["status"]
    search_fields = ["measure__description", "note"]
    list_select_related = ["measure", "recorded_by"]
    raw_id_fields = ["measure", "recorded_by"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    raw_id_fields = ["measure"]


@admin.register(LocalProgramme)
class LocalProgrammeAdmin(PolicyAdmin):
    list_display = ["name", "community", "kind", "start_year", "end_year"]
    list_filter = ["kind", "community__raion"]
    search_fields = ["name", "community__name", "decision_number"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(PolicyAdmin):
    list_display = ["programme", "year", "purpose", "planned", "spent"]
    list_filter = ["year", "purpose"]
    search_fields = ["programme__name", "programme__community__name"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme", "measure"]


@admin.register(ServiceContract)
class ServiceContractAdmin(PolicyAdmin):
    list_display = ["service", "provider_name", "provider_edrpou", "community", "amount", "status"]
    list_filter = ["status", "community__raion"]
    search_fields = ["service", "provider_name", "provider_edrpou", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
