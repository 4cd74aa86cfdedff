import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from communities.choices import CommunitySearchField
from communities.models import Community, FormerRaion
from league import access
from league.forms import DateInput
from roundtables.models import Commitment, Person, RoundTable, person_name_key

DATE_INPUT = DateInput()


class CommunityChoiceFilter(django_filters.ModelChoiceFilter):
    """A community searched for, never a select of every community (communities/choices.py)."""

    field_class = CommunitySearchField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("All communities"))
        super().__init__(*args, **kwargs)


class RoundTableFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RoundTable.Status.choices, empty_label=_("All statuses")
    )
    former_raion = django_filters.ModelChoiceFilter(
        label=_("Raion (2016)"),
        queryset=FormerRaion.objects.none(),
        empty_label=_("All raions"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="starts_at", lookup_expr="date__gte", widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="starts_at", lookup_expr="date__lte", widget=DATE_INPUT
    )
    community = CommunityChoiceFilter(
        label=_("Invited community"), queryset=Community.objects.none(), method="filter_community"
    )

    class Meta:
        model = RoundTable
        fields = ["status", "former_raion", "date_from", "date_to", "community"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["former_raion"].queryset = FormerRaion.objects.filter(
            pk__in=self.queryset.values("former_raion_id")
        ).order_by("name")
        # Only communities that some visible round table invited: a select of every
        # community of a large oblast would be long to render and to scroll.
        invited = RoundTable.invited_communities.through.objects.filter(
            roundtable__in=self.queryset
        ).values("community_id")
        self.filters["community"].queryset = access.scope(
            user, Community.objects.filter(pk__in=invited).order_by("name", "katottg"), path=None
        )

    def filter_community(self, queryset, name, value):
        # EXISTS keeps one row per round table, whatever else is joined.
        invited = RoundTable.invited_communities.through.objects.filter(
            roundtable=OuterRef("pk"), community=value
        )
        return queryset.filter(Exists(invited))


class CommitmentFilter(django_filters.FilterSet):
    OVERDUE_CHOICES = [("yes", _("Overdue only")), ("no", _("Not overdue"))]

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Commitment.Status.choices, empty_label=_("All statuses")
    )
    community = CommunityChoiceFilter(label=_("Community"), queryset=Community.objects.none())
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=OVERDUE_CHOICES,
        empty_label=_("All"),
        method="filter_overdue",
    )

    class Meta:
        model = Commitment
        fields = ["status", "community", "overdue"]

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["community"].queryset = communities

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "yes" else queryset.not_overdue()


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Name"), method="filter_name", widget=forms.TextInput()
    )
    community = CommunityChoiceFilter(label=_("Community"), queryset=Community.objects.none())
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Person.Category.choices, empty_label=_("All categories")
    )

    class Meta:
        model = Person
        fields = ["name", "community", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the communities people are registered in.
        self.filters["community"].queryset = Community.objects.filter(
            pk__in=self.queryset.values("community_id")
        ).order_by("name", "katottg")

    def filter_name(self, queryset, name, value):
        # name_key is case-folded in Python, so this matches Cyrillic on SQLite too.
        return queryset.filter(name_key__contains=person_name_key(value))
