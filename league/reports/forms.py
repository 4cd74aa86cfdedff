from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Oblast
from monitoring.models import previous_quarter, quarter_of

QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
MAX_QUARTERS = 40


def default_range(today=None) -> tuple[tuple[int, int], tuple[int, int]]:
    """The four quarters before the current one."""
    last = previous_quarter(*quarter_of(today or timezone.localdate()))
    return previous_quarter(*last, 3), last


class PeriodForm(forms.Form):
    """A quarter, a half-year, a year or any range of quarters (at most forty)."""

    first_year = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    first_quarter = forms.TypedChoiceField(label=_("quarter"), choices=QUARTERS, coerce=int)
    last_year = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)
    last_quarter = forms.TypedChoiceField(label=_("quarter"), choices=QUARTERS, coerce=int)

    def __init__(self, data=None, *, with_oblast=False, **kwargs):
        first, last = default_range()
        initial = {
            "first_year": first[0],
            "first_quarter": first[1],
            "last_year": last[0],
            "last_quarter": last[1],
        }
        if data is not None and not any(key in data for key in initial):
            data = None
        super().__init__(data, initial=initial, **kwargs)
        if with_oblast:
            self.fields["oblast"] = forms.ModelChoiceField(
                label=_("Oblast"), queryset=Oblast.objects.order_by("name"), required=False
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first = (data["first_year"], data["first_quarter"])
        last = (data["last_year"], data["last_quarter"])
        if first > last:
            raise forms.ValidationError(_("The first quarter comes after the last one."))
        if (last[0] - first[0]) * 4 + last[1] - first[1] >= MAX_QUARTERS:
            raise forms.ValidationError(
                _("A report covers at most %(count)s quarters.") % {"count": MAX_QUARTERS}
            )
        data["first"], data["last"] = first, last
        return data

    def period(self):
        """(first, last): the chosen range, or the default one while nothing is chosen."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["first"], self.cleaned_data["last"]
        return default_range()
