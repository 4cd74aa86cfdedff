from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities.models import Oblast
from league.forms import OnceForm
from league.reports import periods
from monitoring.models import previous_quarter

QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
# Staff's exact page answers in the request: twelve quarters (three years) keep its tables
# quarterly or yearly at a readable width. Council officials and issued reports get fixed
# periods only (league/reports/periods.py).
PAGE_MAX_QUARTERS = 12


def quarter_count(first: tuple[int, int], last: tuple[int, int]) -> int:
    return (last[0] - first[0]) * 4 + last[1] - first[1] + 1


def default_range(today=None) -> tuple[tuple[int, int], tuple[int, int]]:
    """The four quarters before the current one."""
    last = periods.last_ended_quarter(today)
    return previous_quarter(*last, 3), last


def period_choices(through: tuple[int, int]) -> list[tuple[str, str]]:
    return [(period.code, period.label) for period in periods.fixed_periods(through)]


class FixedPeriodForm(forms.Form):
    """The council's choice: one fixed period (quarter, half-year, year, project to date)
    whose quarters are all over by `through`; never an arbitrary span, which would give a
    quarter by subtraction. Nothing chosen: the latest quarter."""

    period = forms.ChoiceField(label=_("Period"), choices=())

    def __init__(self, data=None, *, through=None, **kwargs):
        self.through = through or periods.last_ended_quarter()
        if data is not None and "period" not in data:
            data = None
        super().__init__(data, **kwargs)
        choices = period_choices(self.through)
        self.fields["period"].choices = choices
        # The newest quarter (the first choice is the project to date).
        self.initial["period"] = choices[1][0] if len(choices) > 1 else None

    def fixed_period(self) -> periods.FixedPeriod | None:
        """The chosen period, or the newest quarter while nothing is chosen."""
        if self.is_bound:
            if not self.is_valid():
                return None
            code = self.cleaned_data["period"]
        else:
            code = self.initial["period"]
        return periods.from_code(code, self.through) if code else None


class PeriodForm(forms.Form):
    """Staff's exact page: a quarter, a half-year, a year or any range of quarters (at most
    PAGE_MAX_QUARTERS: the page builds its figures in the request). It reaches staff only;
    everyone else chooses from FixedPeriodForm."""

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
    period = forms.ChoiceField(
        label=_("Period"),
        choices=(),
        required=False,
        help_text=_(
            "For the monitoring report: a quarter, a half-year, a year or the project to "
            "date. Reports read by the council and the public cover fixed periods only."
        ),
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
        self.fields["period"].choices = [("", "—"), *period_choices(periods.last_ended_quarter())]

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
            period = periods.from_code(data.get("period") or "", periods.last_ended_quarter())
            if period is None:
                self.add_error("period", _("Choose the period."))
                return data
            params.update(
                first=list(period.first),
                last=list(period.last),
                narrative=data.get("narrative", ""),
            )
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


class ReleaseForm(OnceForm):
    """Staff's button on the council figures page: make the oblast's release (once per
    press: the form carries a one-time token)."""

    oblast = forms.ModelChoiceField(queryset=Oblast.objects.all(), widget=forms.HiddenInput)
