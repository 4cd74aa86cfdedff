"""The admin of monitoring writes through the same services as the pages: a report is
started on its page (never added here), its explanation and figures are saved by
`report_save` against the version the admin form was loaded at, the workflow moves only
through the services (the "approve" action), the figures of a report that is not open
for entry are read-only, and the status log is read-only for everyone."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from league import access
from league.admin_policy import BigTableAdmin, LogInline, PolicyAdmin, PolicyInline, through
from league.domain import DomainError
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

    @through(services.period_save)
    def service_create(self, request, obj, form):
        services.period_save(period=obj, changed_by=request.user)

    @through(services.period_save)
    def service_change(self, request, obj, form, *, version):
        services.period_save(period=obj, changed_by=request.user)


@admin.register(EntryExtension)
class EntryExtensionAdmin(PolicyAdmin):
    """Entry reopened for one community: granted as on the completeness page."""

    list_display = ["community", "period", "open_until", "granted_by", "granted_at"]
    list_filter = ["period"]
    list_select_related = ["community", "period", "granted_by"]
    autocomplete_fields = ["community"]
    search_fields = ["community__name", "reason"]
    fields = ["community", "period", "open_until", "reason", "granted_by", "granted_at"]
    readonly_fields = ["granted_by", "granted_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "community", "period"] if obj is not None else fields

    @through(services.extension_grant)
    def service_create(self, request, obj, form):
        self._grant(request, obj)

    @through(services.extension_grant)
    def service_change(self, request, obj, form, *, version):
        self._grant(request, obj)

    def _grant(self, request, obj):
        services.extension_grant(
            community=obj.community,
            year=obj.period.year,
            quarter=obj.period.quarter,
            open_until=obj.open_until,
            reason=obj.reason,
            user=request.user,
        )


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

    @through(services.indicator_save)
    def service_create(self, request, obj, form):
        services.indicator_save(indicator=obj, changed_by=request.user)

    @through(services.indicator_save)
    def service_change(self, request, obj, form, *, version):
        services.indicator_save(indicator=obj, changed_by=request.user)


@admin.register(ValidationRule)
class ValidationRuleAdmin(PolicyAdmin):
    list_display = ["code", "left", "operator", "right", "severity", "active"]
    list_filter = ["severity", "active"]
    search_fields = ["code", "left", "right"]

    @through(services.rule_save)
    def service_create(self, request, obj, form):
        services.rule_save(rule=obj, changed_by=request.user)

    @through(services.rule_save)
    def service_change(self, request, obj, form, *, version):
        services.rule_save(rule=obj, changed_by=request.user)

    @through(services.rule_delete)
    def service_delete(self, request, obj):
        services.rule_delete(rule=obj, deleted_by=request.user)


def _figures_open(request, report) -> bool:
    """Whether the admin may change this report's figures: the same rule as the page."""
    return report is not None and access.allows(request.user, "monitoring.change_figures", report)


def _places(figure: DataValue) -> int:
    """A locked figure reads as on the report's page: money with kopiykas, counts whole."""
    return 2 if figure.indicator.is_money else 0


def _cell(figure: DataValue) -> tuple[str, str, str]:
    return (figure.indicator.code, figure.dimension, figure.option)


def _figure(figure: DataValue):
    return figure.text if figure.indicator.is_text else figure.value


class DataValueInline(PolicyInline, admin.TabularInline):
    """A report's figures, saved together by `report_save` (one version for the report)."""

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

    @through(services.report_save)
    def service_write(self, request, parent, saved, deleted):
        figures = {_cell(row): _figure(row) for row, _version in saved}
        figures.update({_cell(row): None for row in deleted})
        if figures:
            services.report_save(
                report=parent,
                figures=figures,
                explanation=parent.explanation,
                version=parent.version,  # the version the report's own save has just set
                user=request.user,
            )


class StatusChangeInline(LogInline, PolicyInline, admin.TabularInline):
    model = StatusChange
    fields = readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(BigTableAdmin):
    """Started on the monitoring pages (report_start), never added here; its figures and
    explanation saved by report_save while it is open for entry, read-only after."""

    list_display = ["community", "period", "status", "version", "first_submitted_at"]
    list_filter = ["status", "period", "community__raion"]
    list_select_related = ["community", "period"]
    search_fields = ["community__name", "community__katottg"]
    # The workflow moves only through the services: the page, or the action below.
    readonly_fields = [
        "community",
        "period",
        "status",
        "version",
        "first_submitted_at",
        "created_at",
        "updated_at",
        "updated_by",
    ]
    inlines = [DataValueInline, StatusChangeInline]
    actions = ["approve"]

    def may_change(self, request, obj):
        return _figures_open(request, obj)

    @through(services.report_save)
    def service_change(self, request, obj, form, *, version):
        # Saved even when only figures changed, so that the version is checked once, here;
        # the figures' inline saves against the version this sets.
        services.report_save(
            report=obj, figures={}, explanation=obj.explanation, version=version, user=request.user
        )

    @through(services.report_approve)
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


class IndicatorFilter(admin.SimpleListFilter):
    """The figures of one indicator, named as the pages name it (not by its code)."""

    title = _("indicator")
    parameter_name = "indicator"

    def lookups(self, request, model_admin):
        return [(indicator.pk, indicator.name) for indicator in Indicator.objects.order_by("order")]

    def queryset(self, request, queryset):
        return queryset.filter(indicator=self.value()) if self.value() else queryset


@admin.register(DataValue)
class DataValueAdmin(BigTableAdmin):
    """A figure is entered on its report's page (or its admin page), never added alone;
    changed or removed through report_save against the report's version."""

    list_display = ["report", "indicator_name", "dimension", "option", "value"]
    list_filter = [IndicatorFilter, "dimension"]
    list_select_related = ["report__community", "report__period", "indicator"]
    readonly_fields = ["report", "indicator", "dimension", "option"]

    def decimal_places_shown(self, obj, name):
        return _places(obj)

    @admin.display(description=_("indicator"), ordering="indicator__order")
    def indicator_name(self, obj):
        return obj.indicator.name

    def may_change(self, request, obj):
        return _figures_open(request, obj.report)

    def may_delete(self, request, obj):
        return _figures_open(request, obj.report)

    def version_of(self, obj):
        return obj.report.version

    @through(services.report_save)
    def service_change(self, request, obj, form, *, version):
        self._save(request, obj, _figure(obj), version)

    @through(services.report_save)
    def service_delete(self, request, obj):
        self._save(request, obj, None, obj.report.version)

    def _save(self, request, obj, figure, version):
        report = obj.report
        services.report_save(
            report=report,
            figures={_cell(obj): figure},
            explanation=report.explanation,
            version=version,
            user=request.user,
        )


@admin.register(StatusChange)
class StatusChangeAdmin(BigTableAdmin):
    list_display = ["report", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["report__community", "report__period", "changed_by"]
    raw_id_fields = ["report"]


@admin.register(ExportJob)
class ExportJobAdmin(PolicyAdmin):
    """Made and finished by the task worker only: shown here, never changed."""

    list_display = ["file_name", "requested_by", "requested_at", "format", "state", "rows"]
    list_filter = ["state", "format"]
    list_select_related = ["requested_by"]
