from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from league.forms import DateInput, OnceForm, VersionedForm
from league.uploads import CheckedFileField


def _helper(label=None) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("save", label or _("Save")))
    return helper


class PlanForm(OnceForm, VersionedForm):
    class Meta:
        model = IdentificationPlan
        fields = ["start_year", "end_year", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class PlanStatusForm(forms.Form):
    """Move a plan to another status. The choices are those the user's role allows."""

    status = forms.ChoiceField(label=_("New status"))
    decision_number = forms.CharField(
        label=_("Council decision number"), max_length=50, required=False
    )
    decision_date = forms.DateField(
        label=_("Council decision date"), required=False, widget=DateInput()
    )
    decision_body = forms.CharField(
        label=_("Body that took the decision"), max_length=200, required=False
    )
    decision_document = CheckedFileField(
        label=_("Decision document (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("Leave empty to keep the document already attached."),
    )
    note = forms.CharField(
        label=_("Note for the history"),
        max_length=100,
        required=False,
        help_text=_("Why the status changes, in a few words."),
    )

    DECISION_FIELDS = ("decision_number", "decision_date", "decision_body", "decision_document")

    def __init__(
        self, *args, plan: IdentificationPlan, allowed: list[str], decisions: bool, **kwargs
    ):
        """`decisions`: whether the user records council decisions (staff); without it
        the form has no decision fields and the plan keeps the ones it has."""
        kwargs.setdefault(
            "initial",
            {
                "decision_number": plan.decision_number,
                "decision_date": plan.decision_date,
                "decision_body": plan.decision_body,
            },
        )
        super().__init__(*args, **kwargs)
        labels = dict(IdentificationPlan.Status.choices)
        self.fields["status"].choices = [(status, labels[status]) for status in allowed]
        if not decisions:
            for name in self.DECISION_FIELDS:
                del self.fields[name]
        self.helper = _helper(_("Change status"))


class MeasureForm(OnceForm, VersionedForm):
    class Meta:
        model = PlanMeasure
        fields = ["category", "description", "responsible", "partners", "deadline"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "deadline": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MeasureUpdateForm(OnceForm, forms.ModelForm):
    """A status change of a measure with its date, note and evidence."""

    evidence_file = CheckedFileField(
        label=_("Evidence file (PDF, JPEG or PNG)"),
        required=False,
    )

    class Meta:
        model = MeasureUpdate
        fields = ["status", "date", "note", "evidence_url", "evidence_file"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "evidence_url": _("A link to a published report, news item or decision."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the change"))

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("evidence_file")
        if uploaded and hasattr(uploaded, "original_name"):
            self.instance.evidence_name = uploaded.original_name[:255]
        return cleaned


class ProgrammeForm(OnceForm, VersionedForm):
    class Meta:
        model = LocalProgramme
        fields = [
            "kind",
            "name",
            "start_year",
            "end_year",
            "decision_number",
            "decision_date",
            "decision_body",
        ]
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class BudgetLineForm(OnceForm, VersionedForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "purpose", "planned", "spent", "measure", "note"]

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the measures of this community's own plans can be funded here.
        self.fields["measure"].queryset = (
            measures if measures is not None else PlanMeasure.objects.none()
        )
        self.fields["measure"].label_from_instance = lambda measure: (
            f"{measure.plan.period}: {measure}"
        )
        self.helper = _helper()


class ContractForm(OnceForm, VersionedForm):
    class Meta:
        model = ServiceContract
        fields = [
            "service",
            "provider_name",
            "provider_edrpou",
            "amount",
            "status",
            "contract_date",
            "period_start",
            "period_end",
            "people_served",
            "notes",
        ]
        widgets = {
            "contract_date": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "provider_edrpou": forms.TextInput(
                attrs={"inputmode": "numeric", "pattern": r"\d{8}", "maxlength": 8}
            ),
        }
        help_texts = {
            "people_served": _("A count only: never names or other details of the people."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class OverviewYearForm(forms.Form):
    """The year whose money and contracts the oblast table shows."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
