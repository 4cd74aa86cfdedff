"""Admin for identification plans, local programmes, budget lines and service contracts:
saved through communities.plans.services with the version each form or row was loaded
at; a plan's workflow and a measure's status change only on their pages."""

from django.contrib import admin

from communities.plans import services
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from league.admin_policy import LogInline, PolicyAdmin, PolicyInline, through


class PlanMeasureInline(PolicyInline, admin.TabularInline):
    model = PlanMeasure
    extra = 0
    fields = ["category", "description", "responsible", "deadline", "status"]
    readonly_fields = ["status"]  # changes only with its dated record: measure_record_update

    @through(services.measure_save)
    def service_save(self, request, row, parent, *, version):
        services.measure_save(measure=row, changed_by=request.user, version=version)


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

    @through(services.plan_save)
    def service_create(self, request, obj, form):
        services.plan_save(plan=obj, changed_by=request.user)

    @through(services.plan_save)
    def service_change(self, request, obj, form, *, version):
        services.plan_save(plan=obj, changed_by=request.user, version=version)


class MeasureUpdateInline(LogInline, PolicyInline, admin.TabularInline):
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

    @through(services.measure_save)
    def service_create(self, request, obj, form):
        services.measure_save(measure=obj, changed_by=request.user)

    @through(services.measure_save)
    def service_change(self, request, obj, form, *, version):
        services.measure_save(measure=obj, changed_by=request.user, version=version)


@admin.register(MeasureUpdate)
class MeasureUpdateAdmin(PolicyAdmin):
    list_display = ["measure", "date", "status", "recorded_by"]
    list_filter = ["status"]
    search_fields = ["measure__description", "note"]
    list_select_related = ["measure", "recorded_by"]
    raw_id_fields = ["measure", "recorded_by"]


class BudgetLineInline(PolicyInline, admin.TabularInline):
    model = BudgetLine
    extra = 0
    raw_id_fields = ["measure"]

    @through(services.budget_line_save)
    def service_save(self, request, row, parent, *, version):
        services.budget_line_save(line=row, changed_by=request.user, version=version)

    @through(services.budget_line_delete)
    def service_delete(self, request, row):
        services.budget_line_delete(line=row, deleted_by=request.user)


@admin.register(LocalProgramme)
class LocalProgrammeAdmin(PolicyAdmin):
    list_display = ["name", "community", "kind", "start_year", "end_year"]
    list_filter = ["kind", "community__raion"]
    search_fields = ["name", "community__name", "decision_number"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    inlines = [BudgetLineInline]

    @through(services.programme_save)
    def service_create(self, request, obj, form):
        services.programme_save(programme=obj, changed_by=request.user)

    @through(services.programme_save)
    def service_change(self, request, obj, form, *, version):
        services.programme_save(programme=obj, changed_by=request.user, version=version)


@admin.register(BudgetLine)
class BudgetLineAdmin(PolicyAdmin):
    list_display = ["programme", "year", "purpose", "planned", "spent"]
    list_filter = ["year", "purpose"]
    search_fields = ["programme__name", "programme__community__name"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme", "measure"]

    @through(services.budget_line_save)
    def service_create(self, request, obj, form):
        services.budget_line_save(line=obj, changed_by=request.user)

    @through(services.budget_line_save)
    def service_change(self, request, obj, form, *, version):
        services.budget_line_save(line=obj, changed_by=request.user, version=version)

    @through(services.budget_line_delete)
    def service_delete(self, request, obj):
        services.budget_line_delete(line=obj, deleted_by=request.user)


@admin.register(ServiceContract)
class ServiceContractAdmin(PolicyAdmin):
    list_display = ["service", "provider_name", "provider_edrpou", "community", "amount", "status"]
    list_filter = ["status", "community__raion"]
    search_fields = ["service", "provider_name", "provider_edrpou", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]

    @through(services.contract_save)
    def service_create(self, request, obj, form):
        services.contract_save(contract=obj, changed_by=request.user)

    @through(services.contract_save)
    def service_change(self, request, obj, form, *, version):
        services.contract_save(contract=obj, changed_by=request.user, version=version)
