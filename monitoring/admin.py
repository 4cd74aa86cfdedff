"""The admin of monitoring writes through the same rules as the pages: the workflow
(status, version, submission stamps) changes only through the services (the "approve"
action calls monitoring.services), the figures of a report that is not open for entry
are read-only, and the status log is read-only for everyone."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from league import access
from league.admin_policy import BigTableAdmin, LogInline, PolicyAdmin, PolicyInline
from league.domain import DomainError, lock
from monitoring import services
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
    list_display = ["code", "name_uk", "section", "value_type", "person_linked", "order", "active"]
    list_filter = ["section", "value_type", "person_linked", "active"]
    list_editable = ["order", "active"]
    search_fields = ["code", "name_uk", "name_en"]

    def get_changelist_form(self, request, **kwargs):
        """The list shows no labels and no help texts: each editable cell is named by its
        column and row, and points at no help text (Django's aria-describedby would)."""
        form = super().get_changelist_form(request, **kwargs)

        class WithoutHelpTexts(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.help_text = ""
                    if not field.widget.is_hidden:
                        field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return WithoutHelpTexts


@admin.register(ValidationRule)
class ValidationRuleAdmin(PolicyAdmin):
    list_display = ["code", "left", "operator", "right", "severity", "active"]
    list_filter = ["severity", "active"]
    search_fields = ["code", "left", "right"]


def _figures_open(request, report) -> bool:
    """Whether the admin may change this report's figures: the same rule as the page."""
    return report is not None and access.allows(request.user, "monitoring.change_figures", report)


def _bump_report(report: MonitoringReport, user) -> None:
    """A figure changed in the admin makes every form opened before it stale."""
    with transaction.atomic():
        current = lock(report)
        current.version += 1
        current._history_user = user
        current.save(update_fields=["version"])
    report.version = current.version


def _places(figure: DataValue) -> int:
    """A locked figure reads as on the report's page: money with kopiykas, counts whole."""
    return 2 if figure.indicator.is_money else 0


class DataValueInline(PolicyInline, admin.TabularInline):
    model = DataValue
    extra = 0
    autocomplete_fields = ["indicator"]

    def decimal_places_shown(self, obj, name):
        return _places(obj)

    def has_add_permission(self, request, obj=None):
        return _figures_open(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _figures_open(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _figures_open(request, obj) and super().has_delete_permission(request, obj)


class StatusChangeInline(LogInline, PolicyInline, admin.TabularInline):
    model = StatusChange
    fields = readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(BigTableAdmin):
    list_display = ["community", "period", "status", "version", "first_submitted_at"]
    list_filter = ["status", "period", "community__raion"]
    list_select_related = ["community", "period"]
    search_fields = ["community__name", "community__katottg"]
    autocomplete_fields = ["community"]
    # The workflow moves only through the services: the page, or the action below.
    readonly_fields = [
        "status",
        "version",
        "first_submitted_at",
        "created_at",
        "updated_at",
        "updated_by",
    ]
    inlines = [DataValueInline, StatusChangeInline]
    actions = ["approve"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Which community and quarter a report is for never changes; nor does the
            # explanation of a report that is locked.
            fields += ["community", "period"]
            if not _figures_open(request, obj):
                fields.append("explanation")
        return fields

    @admin.action(description=_("Approve the selected submitted reports"))
    def approve(self, request, queryset):
        approved = 0
        for report in queryset.select_related("community", "period"):
            try:
                services.report_approve(report=report, user=request.user)
            except DomainError as error:
                self.message_user(request, f"{report}: {error.message}", messages.ERROR)
            else:
                approved += 1
        if approved:
            self.message_user(
                request, _("Approved: %(count)s.") % {"count": approved}, messages.SUCCESS
            )


@admin.register(DataValue)
class DataValueAdmin(BigTableAdmin):
    list_display = ["report", "indicator", "dimension", "option", "value"]
    list_filter = ["indicator", "dimension"]
    list_select_related = ["report__community", "report__period", "indicator"]
    raw_id_fields = ["report"]

    def decimal_places_shown(self, obj, name):
        return _places(obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _figures_open(request, obj.report))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _figures_open(request, obj.report))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class FigureOfAnOpenReport(form):
            def clean(self):
                cleaned = super().clean()
                report = cleaned.get("report")
                if report is not None and not _figures_open(request, report):
                    raise ValidationError(
                        _("The report is not open for entry: its figures are locked.")
                    )
                return cleaned

        return FigureOfAnOpenReport

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _bump_report(obj.report, request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _bump_report(obj.report, request.user)


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
