"""Community choices that stay small for the whole country.

A select of every community is 1,469 options nationally: slow to draw and useless to
scroll. These fields validate against the full (scoped) queryset but render only the
communities already chosen; static/communities/community_search.js adds a search box
over `communities:search` (and, for several communities, a raion filter with «all of
this raion»). Without JavaScript the current choice still shows and is kept.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from league.collation import sort_key
from league.translit import place_name

SEARCH_HINT = _("Type two or more letters of the community's name.")


def community_label(community: Community) -> str:
    """Two communities may share a name (Миколаївська): the raion tells them apart."""
    return f"{community} · {community.raion}"


class _ChosenOnly:
    """Render only the options whose values are chosen: one query, by primary key."""

    search_attrs: dict

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            **self.search_attrs,
            "data-search-url": reverse("communities:search"),
            "data-label-search": _("Search for a community"),
            "data-label-hint": SEARCH_HINT,
            "data-label-none": _("No community found."),
            "data-label-raion": _("Raion"),
            "data-label-any-raion": _("Any raion"),
            "data-label-all": _("Add all of this raion"),
            "data-label-remove": _("Remove"),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        # Only ids a database can look up: a posted value may be anything at all.
        chosen = [str(v) for v in value if str(v).isascii() and str(v).isdigit()]
        chosen = [v for v in chosen if len(v) < 19]  # within a 64-bit id
        options = []
        if not self.allow_multiple_selected:
            options.append(
                self.create_option(name, "", self.choices.field.empty_label or "", False, 0)
            )
        if chosen:
            queryset = self.choices.queryset.filter(pk__in=chosen).select_related("raion")
            for index, community in enumerate(queryset, start=1):
                options.append(
                    self.create_option(
                        name, community.pk, community_label(community), True, index, attrs=None
                    )
                )
        return [(None, options, 0)]


class CommunitySearchSelect(_ChosenOnly, forms.Select):
    search_attrs = {"data-community-search": "one"}


class CommunitySearchSelectMultiple(_ChosenOnly, forms.SelectMultiple):
    search_attrs = {"data-community-search": "many"}


class CommunitySearchField(forms.ModelChoiceField):
    """One community, chosen by searching."""

    widget = CommunitySearchSelect

    def label_from_instance(self, community):
        return community_label(community)


class CommunitySearchMultipleField(forms.ModelMultipleChoiceField):
    """Several communities, chosen by searching or a whole raion at once."""

    widget = CommunitySearchSelectMultiple

    def label_from_instance(self, community):
        return community_label(community)

    def clean(self, value):
        # An id past 64 bits is no community's: refuse it before the database sees it.
        for pk in value if isinstance(value, list | tuple) else []:
            if len(str(pk).strip().lstrip("-")) >= 19:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class _RaionsByOblast(ModelChoiceIterator):
    """The raions as (id, name) pairs from one query of plain values, under a heading per
    oblast when they lie in several: the country has 126 raions, many of the same name
    (Західний, Центральний), and model instances for each were most of a page's time."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for pk, name, oblast in self.queryset.values_list("pk", "name", "oblast__name"):
            groups.setdefault(oblast, []).append((pk, place_name(name)))
        if len(groups) == 1:
            yield from next(iter(groups.values()))
        else:
            for oblast in sorted(groups, key=sort_key):
                yield (place_name(oblast), groups[oblast])

    def __len__(self):
        return self.queryset.count() + (self.field.empty_label is not None)


class RaionChoiceField(forms.ModelChoiceField):
    """A raion select for readers who may see several oblasts: grouped by oblast."""

    iterator = _RaionsByOblast
