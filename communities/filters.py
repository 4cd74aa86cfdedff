import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Raion
from league.collation import sort_key
from league.forms import posted_id


def oblast_choice(oblasts, data) -> tuple[list, object]:
    """The oblasts a reader may pick from, in Ukrainian order, and the one a page shows:
    the one asked for (`oblast` in the query) if it is among them, else the first."""
    ordered = sorted(oblasts, key=lambda oblast: sort_key(oblast.name))
    asked = posted_id(data.get("oblast")) if data is not None else None
    first = ordered[0] if ordered else None
    return ordered, next((oblast for oblast in ordered if oblast.pk == asked), first)


class OneOblastAtATime:
    """A list filter whose rows lie in communities: its «Raion» filter offers the raions
    of the rows the reader can see, and, when those lie in more than one oblast (at
    national scale), an «Oblast» filter picks one - the first by name unless chosen - and
    the rows and the raions offered are that oblast's. Without it every raion of the
    country (126, many of the same name) was drawn and every row counted on each page.
    With one oblast, as for the League, nothing changes.

    One query: the raions with their oblasts, which the raion choices are drawn from.
    `raion_path` leads from a row to its raion ("raion", "community__raion")."""

    raion_path = "raion"

    def rows_of_oblast(self, oblast):
        return self.queryset.filter(**{f"{self.raion_path}__oblast": oblast})

    def narrow_to_one_oblast(self):
        raions = list(
            Raion.objects.filter(pk__in=self.queryset.values(f"{self.raion_path}_id"))
            .select_related("oblast")
            .order_by("name", "pk")
        )
        oblasts, oblast = oblast_choice({raion.oblast for raion in raions}, self.data)
        if len(oblasts) > 1:
            oblast_filter = django_filters.ChoiceFilter(
                label=_("Oblast"),
                choices=[(item.pk, str(item)) for item in oblasts],
                empty_label=None,
                method=lambda queryset, name, value: queryset,  # narrowed below
            )
            oblast_filter.parent, oblast_filter.model = self, self.queryset.model
            self.filters = {"oblast": oblast_filter, **self.filters}
            self.queryset = self.rows_of_oblast(oblast)
            raions = [raion for raion in raions if raion.oblast_id == oblast.pk]
        raion_filter = self.filters["raion"]
        raion_filter.extra["choices"] = [(raion.pk, str(raion)) for raion in raions]


class CommunityFilter(OneOblastAtATime, django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Name or centre"), method="filter_name", widget=forms.TextInput()
    )
    raion = django_filters.ChoiceFilter(
        label=_("Raion"), empty_label=_("All raions"), field_name="raion_id"
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
        self.narrow_to_one_oblast()

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(centre__icontains=value))
