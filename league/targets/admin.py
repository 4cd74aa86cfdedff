from django import forms
from django.contrib import admin

from league.admin_policy import PolicyAdmin, through
from league.targets import services
from league.targets.models import Activity, Indicator, ManualValue, Objective, Project
from league.targets.registry import computation_choices


class StructureAdmin(PolicyAdmin):
    """The logframe's structure saves through its service, as the indicators do."""

    @through(services.structure_save)
    def service_create(self, request, obj, form):
        services.structure_save(item=obj, changed_by=request.user)

    @through(services.structure_save)
    def service_change(self, request, obj, form, *, version):
        services.structure_save(item=obj, changed_by=request.user)


@admin.register(Project)
class ProjectAdmin(StructureAdmin):
    list_display = ["title", "oblast", "starts_on", "ends_on"]


@admin.register(Objective)
class ObjectiveAdmin(StructureAdmin):
    list_display = ["project", "number", "title"]


@admin.register(Activity)
class ActivityAdmin(StructureAdmin):
    list_display = ["objective", "number", "title"]


class IndicatorAdminForm(forms.ModelForm):
    computation = forms.ChoiceField(required=False)

    class Meta:
        model = Indicator
        fields = [
            "project",
            "objective",
            "activity",
            "code",
            "name",
            "computation",
            "baseline",
            "target",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computation"].choices = [("", "—"), *computation_choices()]
        self.fields["computation"].label = Indicator._meta.get_field("computation").verbose_name


@admin.register(Indicator)
class IndicatorAdmin(PolicyAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "name", "objective", "computation", "baseline", "target"]
    list_filter = ["project"]

    @through(services.indicator_save)
    def service_create(self, request, obj, form):
        services.indicator_save(indicator=obj, changed_by=request.user)

    @through(services.indicator_save)
    def service_change(self, request, obj, form, *, version):
        services.indicator_save(indicator=obj, changed_by=request.user)


@admin.register(ManualValue)
class ManualValueAdmin(PolicyAdmin):
    """Values entered by hand: appended on the indicator's page, shown here read-only."""

    list_display = ["indicator", "date", "value", "recorded_by"]
