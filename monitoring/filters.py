import django_filters
from django.utils.translation import gettext_lazy as _

from communities.filters import OneOblastAtATime
from monitoring.models import QUARTER_CHOICES, MonitoringReport, ReportStatus


class ReportFilter(OneOblastAtATime, django_filters.FilterSet):
    raion_path = "community__raion"

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReportStatus.choices, empty_label=_("All statuses")
    )
    year = django_filters.NumberFilter(label=_("Year"), field_name="period__year")
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"),
        field_name="period__quarter",
        choices=QUARTER_CHOICES,
        empty_label=_("All quarters"),
    )
    raion = django_filters.ChoiceFilter(
        label=_("Raion"),
        field_name="community__raion_id",
        empty_label=_("All raions"),
    )
    community = django_filters.CharFilter(
        label=_("Community"), field_name="community__name", lookup_expr="icontains"
    )

    class Meta:
        model = MonitoringReport
        fields = ["status", "year", "quarter", "raion", "community"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow_to_one_oblast()
