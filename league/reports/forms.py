from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities.models import Oblast
from league.forms import OnceForm
from monitoring.models import previous_quarter, quarter_of

QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
MAX_QUARTERS = 40
# The council page answers in the request: twelve quarters (three years) keep its tables
# quarterly or yearly at a readable width and the protected figures of a large oblast
# within a page's time. Longer ranges (up to MAX_QUARTERS) come as issued reports.
PAGE_MAX_QUARTERS = 12


def quarter_count(first: tuple[int, int], last: tuple[int, int]) -> int:
    return (last[0] - first[0]) * 4 + last[1] - first[1] + 1


def default_range(today=None) -> tuple[tuple[int, int], tuple[int, int]]:
    """The four quarters before the current one."""
    last = previous_quarter(*quarter_of(today or timezone.localdate()))
    return previous_quarter(*last, 3), last


class PeriodForm(forms.Form):
    """A quarter, a half-year, a year or any range of quarters (at most PAGE_MAX_QUARTERS:
    the page builds its figures in the request)."""

    max_quarters = PAGE_MAX_QUARTERS

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
        if quarter_count(first, last) > self.max_quarters:
            raise forms.ValidationError(
                ngettext(
                    "The page shows at most %(count)s quarter; a longer range comes as a "
                    "report the League issues.",
                    "The page shows at most %(count)s quarters; a longer range comes as a "
                    "report the League issues.",
                    self.max_quarters,
                )
                % {"count": self.max_quarters}
            )
        data["first"], data["last"] = first, last
        return data

    def period(self):
        """(first, last): the chosen range, or the default one while nothing is chosen."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["first"], self.cleaned_data["last"]
        return default_range()


class IssueForm(OnceForm):
    """What staff choose before issuing a report. Sent twice (a double click, a resent
    page), it issues one report: its one-time token (league.once)."""

    kind = forms.ChoiceField(label=_("Report"), choices=())
    oblast = forms.ModelChoiceField(
        label=_("Oblast"), queryset=Oblast.objects.order_by("name"), required=False
    )
    first_year = forms.IntegerField(
        label=_("From year"), min_value=2000, max_value=2100, required=False
    )
    first_quarter = forms.TypedChoiceField(
        label=_("quarter"), choices=QUARTERS, coerce=int, required=False, empty_value=None
    )
    last_year = forms.IntegerField(
        label=_("To year"), min_value=2000, max_value=2100, required=False
    )
    last_quarter = forms.TypedChoiceField(
        label=_("quarter"), choices=QUARTERS, coerce=int, required=False, empty_value=None
    )
    narrative = forms.CharField(
        label=_("Summary written by staff"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For the monitoring report: a few paragraphs, no names of any person."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("uk", "Українська"), ("en", "English")], initial="uk"
    )
    replaces = forms.CharField(
        label=_("Corrects report No."),
        required=False,
        max_length=20,
        help_text=_("Only when this issue corrects an earlier one."),
    )

    def __init__(self, *args, **kwargs):
        from league.reports.models import IssuedReport

        super().__init__(*args, **kwargs)
        # A community profile is not issued (its figures are exact): see services._subject.
        self.fields["kind"].choices = [
            choice for choice in IssuedReport.Kind.choices if choice[0] != IssuedReport.Kind.PROFILE
        ]
        first, last = default_range()
        self.initial.update(
            first_year=first[0], first_quarter=first[1], last_year=last[0], last_quarter=last[1]
        )

    def clean(self):
        from league.reports.models import IssuedReport

        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        params: dict = {}
        if data.get("oblast") is None:
            self.add_error("oblast", _("Choose the oblast."))
            return data
        params["oblast"] = data["oblast"].pk
        if kind == IssuedReport.Kind.MONITORING:
            keys = ("first_year", "first_quarter", "last_year", "last_quarter")
            if any(data.get(key) is None for key in keys):
                raise forms.ValidationError(_("Choose the quarters."))
            first = (data["first_year"], data["first_quarter"])
            last = (data["last_year"], data["last_quarter"])
            if first > last:
                raise forms.ValidationError(_("The first quarter comes after the last one."))
            if quarter_count(first, last) > MAX_QUARTERS:
                raise forms.ValidationError(
                    _("A report covers at most %(count)s quarters.") % {"count": MAX_QUARTERS}
                )
            params.update(first=list(first), last=list(last), narrative=data.get("narrative", ""))
        data["replaced_report"] = None
        if data.get("replaces"):
            replaced = IssuedReport.objects.filter(number=data["replaces"].strip()).first()
            if replaced is None:
                self.add_error("replaces", _("No issued report has this number."))
                return data
            data["replaced_report"] = replaced
        data["params"] = params
        return data


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("The report's PDF file"))

    def clean_file(self):
        from django.conf import settings

        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large to be one of our reports."))
        return uploaded
