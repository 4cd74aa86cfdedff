from django.contrib import admin

from league.admin_policy import BigTableAdmin, PolicyAdmin
from monitoring.models import (
    DataValue,
    EntryExtension,
    ExportJob,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    StatusChange,
    ValidationRule,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PolicyAdmin):
    list_display = ["__str__", "deadline", "entry_opens_on", "entry_closes_on"]
    list_filter = ["year"]
    # The first and last day follow from year and quarter (ReportingPeriod.clean).
    exclude = ["starts_on", "ends_on"]


@admin.register(EntryExtension)
class EntryExtensionAdmin(PolicyAdmin):
    list_display = ["community", "period", "open_until", "granted_by", "granted_at"]
    list_filter = ["period"]
    list_select_related = ["community", "period", "granted_by"]
    autocomplete_fields = ["community"]
    search_fields = ["community__name", "reason"]


@admin.register(Indicator)
class IndicatorAdmin(PolicyAdmin):
    list_display = ["code", "name_uk", "section", "value_type", "order", "active"]
    list_filter = ["section", "value_type", "active"]
    list_editable = ["order", "active"]
    search_fields = ["code", "name_uk", "name_en"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(PolicyAdmin):
    list_display = ["code", "left", "operator", "right", "severity", "active"]
    list_filter = ["severity", "active"]
    search_fields = ["code", "left", "right"]


class DataValueInline(admin.TabularInline):
    model = DataValue
    extra = 0
    autocomplete_fields = ["indicator"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]
    can_delete = False


@admin.register(MonitoringReport)
class MonitoringReportAdmin(BigTableAdmin):
    list_display = ["community", "period", "status", "version", "first_submitted_at"]
    list_filter = ["status", "period", "community__raion"]
    list_select_related = ["community", "period"]
    search_fields = ["community__name", "community__katottg"]
    autocomplete_fields = ["community"]
    readonly_fields = ["version"]
    inlines = [DataValueInline, StatusChangeInline]


@admin.register(DataValue)
class DataValueAdmin(BigTableAdmin):
    list_display = ["report", "indicator", "dimension", "option", "value"]
    list_filter = ["indicator", "dimension"]
    list_select_related = ["report__community", "report__period", "indicator"]
    raw_id_fields = ["report"]


@admin.register(StatusChange)
class StatusChangeAdmin(BigTableAdmin):
    list_display = ["report", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["report__community", "report__period", "changed_by"]
    raw_id_fields = ["report"]


@admin.register(ExportJob)
class ExportJobAdmin(PolicyAdmin):
    list_display = ["file_name", "requested_by", "requested_at", "format", "state", "rows"]
    list_filter = ["state", "format"]
    list_select_related = ["requested_by"]
    # Made by the task worker only.
    readonly_fields = [field.name for field in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
