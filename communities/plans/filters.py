import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.filters import OneOblastAtATime
from communities.models import Community
from communities.plans.models import IdentificationPlan, PlanMeasure


class PlanOverviewFilter(OneOblastAtATime, django_filters.FilterSet):
    """Filters of the oblast table. Works on plan_overview_for_user's annotations."""

    raion = django_filters.ChoiceFilter(
        label=_("Raion"), empty_label=_("All raions"), field_name="raion_id"
    )
    plan_status = django_filters.ChoiceFilter(
        label=_("Plan status"),
        choices=IdentificationPlan.Status.choices,
        empty_label=_("Any status"),
        method="filter_plan_status",
    )
    has_money = django_filters.ChoiceFilter(
        label=_("Money this year"),
        choices=[("yes", _("money planned")), ("no", _("no money planned"))],
        empty_label=_("With or without"),
        method="filter_has_money",
    )

    class Meta:
        model = Community
        fields = ["raion"]

    def __init__(self, *args, rows_of_oblast=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._rows_of_oblast = rows_of_oblast
        self.narrow_to_one_oblast()

    def rows_of_oblast(self, oblast):
        # The table's derived tables then group one oblast's rows, not the country's.
        if self._rows_of_oblast is None:
            return super().rows_of_oblast(oblast)
        return self._rows_of_oblast(oblast)

    def filter_plan_status(self, queryset, name, value):
        # A community without any plan has not started one.
        if value == IdentificationPlan.Status.NOT_STARTED:
            return queryset.filter(Q(plan_status=value) | Q(plan_status__isnull=True))
        return queryset.filter(plan_status=value)

    def filter_has_money(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(money_planned__gt=0)
        return queryset.filter(money_planned=0)


class OverdueMeasureFilter(OneOblastAtATime, django_filters.FilterSet):
    raion_path = "plan__community__raion"
    raion = django_filters.ChoiceFilter(
        label=_("Raion"),
        empty_label=_("All raions"),
        field_name="plan__community__raion_id",
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=PlanMeasure.Category.choices, empty_label=_("All categories")
    )

    class Meta:
        model = PlanMeasure
        fields = ["raion", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow_to_one_oblast()
