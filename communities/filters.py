import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Raion


class CommunityFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Name or centre"), method="filter_name", widget=forms.TextInput()
    )
    raion = django_filters.ModelChoiceFilter(
        label=_("Raion"), queryset=Raion.objects.all(), empty_label=_("All raions")
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=Community.Type.choices, empty_label=_("All types")
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("population", "population")),
        field_labels={
            "name": _("name"),
            "-name": _("name (descending)"),
            "population": _("population"),
            "-population": _("population (descending)"),
        },
    )

    class Meta:
        model = Community
        fields = ["name", "raion", "type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the raions of the communities this user can see.
        self.filters["raion"].queryset = Raion.objects.filter(
            pk__in=self.queryset.values("raion_id")
        )

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(centre__icontains=value))
