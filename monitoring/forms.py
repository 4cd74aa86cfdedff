import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from communities.choices import CommunitySearchField, RaionChoiceField
from communities.filters import oblast_choice
from communities.models import Community, Oblast, Raion
from league import access
from league.forms import DateInput, OnceForm, posted_id
from league.templatetags.league_tags import money
from monitoring.models import QUARTER_CHOICES, TEXT_MAX_CHARS, ExportJob, Indicator, ReportStatus

NO_NAMES = _("Counts only: never write a name or any detail that could identify a person.")
MAX_TEXT = TEXT_MAX_CHARS


def field_name(code: str, dimension: str = "", option: str = "") -> str:
    return f"{code}__{dimension}__{option}" if dimension else code


def _previous_hint(indicator: Indicator, figure) -> str:
    if indicator.is_money:
        shown = money(figure)
    else:
        shown = number_format(Decimal(figure), 0, use_l10n=True, force_grouping=True)
    return _("Previous quarter: %(figure)s") % {"figure": shown}


class FigureDisplay(forms.TextInput):
    """A locked figure as people read it («50 000,00»), not as a number input holds it."""

    def __init__(self, attrs=None, *, money: bool = False):
        # A text input takes no bounds or step (they are the number input's).
        bounds = ("min", "max", "step")
        attrs = {key: value for key, value in (attrs or {}).items() if key not in bounds}
        super().__init__({**attrs, "inputmode": "none"})
        self.money = money

    def format_value(self, value):
        if value is None or value == "":
            return ""
        places = 2 if self.money else 0
        return number_format(Decimal(value), places, use_l10n=True, force_grouping=True)


class ReportForm(forms.Form):
    """The data-entry form, generated from the indicator catalogue.

    One field per figure: each indicator's total, then each option of each of its
    breakdowns. The previous quarter's figure is the field's help text.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    explanation = forms.CharField(
        label=_("Explanation of unusual figures"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when a warning is shown. %(no_names)s") % {"no_names": NO_NAMES},
    )

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        values: dict,
        texts: dict,
        previous: dict | None,
        locked: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.helper = FormHelper()
        self.helper.form_tag = False
        for indicator in indicators:
            for dimension, option in indicator.cells():
                name = field_name(indicator.code, dimension, option)
                if indicator.is_text:
                    field = forms.CharField(
                        max_length=MAX_TEXT,
                        widget=forms.Textarea(attrs={"rows": 4}),
                        help_text=NO_NAMES,
                    )
                    self.initial.setdefault(name, texts.get(indicator.code, ""))
                else:
                    field = self._number_field(indicator, dimension, option)
                    figure = values.get((indicator.code, dimension, option))
                    if figure is not None and not indicator.is_money:
                        figure = int(figure)
                    self.initial.setdefault(name, figure)
                    # Beside a field only where the previous quarter has a figure for it.
                    earlier = (previous or {}).get((indicator.code, dimension, option))
                    if earlier is not None:
                        field.help_text = _previous_hint(indicator, earlier)
                field.required = False
                field.disabled = locked
                if locked and not indicator.is_text:
                    field.widget = FigureDisplay(field.widget.attrs, money=indicator.is_money)
                field.label = (
                    indicator.name
                    if not dimension
                    else next(
                        label
                        for value, label in indicator_dimension(dimension).choices.choices
                        if value == option
                    )
                )
                self.fields[name] = field
        self.fields["explanation"].disabled = locked
        # Keep the explanation at the end of the form.
        self.fields["explanation"] = self.fields.pop("explanation")

    @staticmethod
    def _number_field(indicator: Indicator, dimension: str, option: str) -> forms.Field:
        attrs = {
            "min": "0",
            "data-figure": indicator.code,
            "class": "form-control figure-input",
        }
        if dimension:
            attrs["data-part"] = f"{indicator.code}:{dimension}"
        else:
            attrs["data-total"] = indicator.code
        if indicator.is_money:
            attrs.update({"inputmode": "decimal", "step": "0.01"})
            return forms.DecimalField(
                min_value=0,
                max_digits=14,
                decimal_places=2,
                widget=forms.NumberInput(attrs=attrs),
            )
        attrs.update({"inputmode": "numeric", "step": "1"})
        return forms.IntegerField(
            min_value=0, max_value=10_000_000, widget=forms.NumberInput(attrs=attrs)
        )

    def figures(self) -> dict:
        """(code, dimension, option) -> cleaned figure, None for an empty field."""
        figures = {}
        for indicator in self.indicators:
            for dimension, option in indicator.cells():
                figure = self.cleaned_data.get(field_name(indicator.code, dimension, option))
                if isinstance(figure, int):
                    figure = Decimal(figure)
                figures[(indicator.code, dimension, option)] = figure
        return figures

    def layout(self, findings: dict) -> list[dict]:
        """Sections -> indicators -> total and breakdown groups, for the template."""
        sections: dict[str, dict] = {}
        labels = dict(Indicator.Section.choices)
        for indicator in self.indicators:
            section = sections.setdefault(
                indicator.section,
                {"key": indicator.section, "label": labels.get(indicator.section), "items": []},
            )
            groups = []
            any_part = False
            for dimension in indicator.dimensions:
                fields = [
                    self[field_name(indicator.code, dimension.key, option)]
                    for option in dimension.choices.values
                ]
                any_part = any_part or any(field.value() not in (None, "") for field in fields)
                groups.append(
                    {
                        "key": f"{indicator.code}:{dimension.key}",
                        "label": dimension.label,
                        "fields": fields,
                    }
                )
            own = findings.get(indicator.code, [])
            has_errors = any(
                self[field.name].errors for group in groups for field in group["fields"]
            )
            section["items"].append(
                {
                    "indicator": indicator,
                    "total": self[field_name(indicator.code)],
                    "groups": groups,
                    "findings": own,
                    "open": any_part or bool(own) or has_errors,
                }
            )
        order = list(labels)
        return sorted(sections.values(), key=lambda section: order.index(section["key"]))


def indicator_dimension(key: str):
    from monitoring.dimensions import DIMENSIONS

    return DIMENSIONS[key]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NO_NAMES,
    )


class StartForm(OnceForm):
    community = CommunitySearchField(label=_("Community"), queryset=Community.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = access.scope(
            user, Community.objects.order_by("name", "katottg"), path=None
        )
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        self.helper = FormHelper()
        self.helper.form_action = "monitoring:report_start"
        self.helper.add_input(Submit("start", _("Start or open the report")))


class ExtensionForm(OnceForm):
    community = CommunitySearchField(label=_("Community"), queryset=Community.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int)
    open_until = forms.DateField(label=_("Open until"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.order_by("name", "katottg")
        today = timezone.localdate()
        self.initial.setdefault("open_until", today + datetime.timedelta(days=14))
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Reopen entry")))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX in the export's long format, with its header row."),
    )
    explanation = forms.CharField(
        label=_("Explanation of unusual figures"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Used for every imported report that shows a warning. %(no_names)s")
        % {"no_names": NO_NAMES},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("import", _("Check and import")))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            )
        return uploaded


def _year_choices():
    current = timezone.localdate().year
    return [(year, year) for year in range(current, 2015, -1)]


class CompletenessFilterForm(forms.Form):
    """Year, oblast (only when the reader's communities lie in more than one) and raion.
    The matrix and the rates show one oblast at a time, so the page does not grow with
    the country."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    oblast = forms.TypedChoiceField(label=_("Oblast"), coerce=int, required=False)
    raion = forms.ModelChoiceField(
        label=_("Raion"), queryset=Raion.objects.none(), required=False, empty_label=_("All raions")
    )

    def __init__(self, *args, oblasts: list[Oblast], raions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        oblasts, self.chosen_oblast = oblast_choice(oblasts, self.data if self.is_bound else None)
        if len(oblasts) > 1:
            self.fields["oblast"].choices = [(oblast.pk, str(oblast)) for oblast in oblasts]
        else:
            del self.fields["oblast"]
        self.fields["raion"].queryset = raions.filter(oblast=self.chosen_oblast)


class AggregatesFilterForm(forms.Form):
    oblast = forms.ModelChoiceField(
        label=_("Oblast"), queryset=Oblast.objects.all(), required=False, empty_label=None
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    raion = forms.ModelChoiceField(
        label=_("Communities of raion"),
        queryset=Raion.objects.all(),
        required=False,
        empty_label=_("All raions"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["indicator"].queryset = Indicator.objects.exclude(value_type="text").order_by(
            "order", "code"
        )
        # Only the raions of the chosen oblast (or of the first, shown by default).
        oblast_id = posted_id(self.data.get("oblast")) if self.is_bound else None
        if oblast_id is None:
            oblast_id = Oblast.objects.order_by("name").values("pk")[:1]
        self.fields["raion"].queryset = Raion.objects.filter(oblast_id=oblast_id).order_by("name")


class ExportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ReportStatus.choices],
    )
    raion = RaionChoiceField(
        label=_("Raion"), queryset=Raion.objects.none(), required=False, empty_label=_("All raions")
    )
    format = forms.ChoiceField(label=_("Format"), choices=ExportJob.Format.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *_year_choices()]
        # One year unless asked for more: every year of the country is millions of rows.
        self.fields["year"].initial = timezone.localdate().year
        self.fields["raion"].queryset = Raion.objects.order_by("name")
