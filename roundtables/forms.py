from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, FormerRaion
from league import access
from league.forms import DateInput
from league.models import User
from league.uploads import CheckedFileField
from roundtables.models import (
    AGENDA_MAX_ITEMS,
    NOTE_MAX_CHARS,
    Attachment,
    Commitment,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
)


def _helper(label=None, form_tag=True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if form_tag:
        helper.add_input(Submit("save", label or _("Save")))
    return helper


def _communities():
    return Community.objects.select_related("raion").order_by("name", "katottg")


class CommunityChoiceField(forms.ModelChoiceField):
    """Two communities may share a name (Миколаївська): show the raion as well."""

    def label_from_instance(self, community):
        return f"{community} · {community.raion}"


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """An id beyond 64 bits ("99999999999999999999") broke SQLite's IN lookup with an
    OverflowError, a server error: refuse it as an invalid choice first."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                too_big = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                too_big = False  # left to the field's own check
            if too_big:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class CommunityMultipleChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, community):
        return f"{community} · {community.raion}"


class RoundTableForm(forms.ModelForm):
    venue_community = CommunityChoiceField(
        label=_("venue community"), queryset=Community.objects.none()
    )
    invited_communities = CommunityMultipleChoiceField(
        label=_("invited communities"),
        queryset=Community.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    facilitators = BoundedModelMultipleChoiceField(
        label=_("facilitators"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = RoundTable
        fields = [
            "series",
            "number",
            "title",
            "starts_at",
            "status",
            "venue_community",
            "venue_address",
            "former_raion",
            "invited_communities",
            "facilitators",
            "minutes",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = RoundTableSeries.objects.select_related("oblast")
        self.fields["venue_community"].queryset = _communities()
        self.fields["invited_communities"].queryset = _communities()
        self.fields["facilitators"].queryset = User.objects.filter(
            role__in=access.NGO, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["former_raion"].queryset = FormerRaion.objects.order_by("name")
        if self.instance.pk is None and "series" not in self.initial:
            only = list(RoundTableSeries.objects.all()[:2])
            if len(only) == 1:
                self.initial["series"] = only[0].pk
        self.helper = _helper(form_tag=False)

    def clean(self):
        cleaned = super().clean()
        venue, invited = cleaned.get("venue_community"), cleaned.get("invited_communities")
        if venue is not None and invited is not None and venue not in invited:
            self.add_error("invited_communities", _("Invite the venue community as well."))
        return cleaned


class AgendaLineForm(forms.Form):
    order = forms.IntegerField(label=_("order"), min_value=1, required=False)
    title = forms.CharField(label=_("item"), max_length=300)
    speaker = forms.CharField(label=_("speaker"), max_length=200, required=False)


AgendaFormSet = forms.formset_factory(
    AgendaLineForm, extra=3, can_delete=True, max_num=AGENDA_MAX_ITEMS, validate_max=True
)


def agenda_lines(formset) -> list[dict]:
    """The formset's remaining lines sorted by their order numbers; rows without a number
    go last, and ties keep the order of the rows."""
    lines = [
        (form.cleaned_data.get("order") or index + 1000, index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if form.cleaned_data.get("title") and not form.cleaned_data.get("DELETE")
    ]
    return [data for _order, _index, data in sorted(lines, key=lambda line: line[:2])]


class PersonForm(forms.ModelForm):
    community = CommunityChoiceField(label=_("community"), queryset=Community.objects.none())

    class Meta:
        model = Person
        fields = [
            "full_name",
            "position",
            "organisation",
            "community",
            "category",
            "phone",
            "email",
            "consent_to_contacts",
        ]

    def __init__(self, *args, form_tag=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = _communities()
        self.helper = _helper(form_tag=form_tag)


class NewParticipantForm(PersonForm):
    status = forms.ChoiceField(
        label=_("participation"),
        choices=Participation.Status.choices,
        initial=Participation.Status.INVITED,
    )


class ExistingParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    status = forms.ChoiceField(
        label=_("participation"),
        choices=Participation.Status.choices,
        initial=Participation.Status.INVITED,
    )

    def __init__(self, *args, round_table: RoundTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(community__raion__oblast_id=round_table.series.oblast_id)
            .exclude(participations__round_table=round_table)
            .select_related("community")
            .order_by("full_name", "pk")
        )
        self.fields["person"].label_from_instance = lambda person: (
            f"{person.full_name} — {person.position}, {person.community.name}"
        )


class ParticipationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("participation"), choices=Participation.Status.choices)


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=200)
    position = forms.CharField(label=_("position"), max_length=200)
    organisation = forms.CharField(label=_("organisation"), max_length=300, required=False)
    community = CommunityChoiceField(label=_("community"), queryset=Community.objects.none())
    # A blank first choice, so that an untouched row counts as empty and is skipped.
    category = forms.ChoiceField(
        label=_("category"), choices=[("", "---------"), *Person.Category.choices]
    )

    def __init__(self, *args, communities=None, venue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            communities if communities is not None else _communities()
        )
        self.fields["community"].initial = venue


WalkInFormSet = forms.formset_factory(WalkInForm, extra=4)


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CommitmentForm(forms.ModelForm):
    community = CommunityChoiceField(label=_("community"), queryset=Community.objects.none())

    class Meta:
        model = Commitment
        fields = ["text", "community", "responsible", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(),
        }

    def __init__(self, *args, round_table: RoundTable, **kwargs):
        super().__init__(*args, **kwargs)
        # Assigned to one of the communities that were at the table.
        self.fields["community"].queryset = round_table.invited_communities.select_related(
            "raion"
        ).order_by("name", "katottg")
        self.helper = _helper()


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Commitment.Status.choices)
    date = forms.DateField(
        label=_("date of the change"),
        widget=DateInput(),
    )
    note = forms.CharField(
        label=_("note"),
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened: a decision, a document, a reason."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.helper = _helper(_("Record the change"))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of a change cannot be in the future."))
        return value


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Attachment.Kind.choices)
    file = CheckedFileField(
        label=_("file"),
        help_text=_("PDF, JPEG or PNG. The content is checked, not just the name."),
    )
    description = forms.CharField(label=_("description"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Upload"))


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("CSV (UTF-8 or Windows-1251, comma or semicolon) or XLSX."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Import"))
