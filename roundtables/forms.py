from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Max
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from communities.choices import CommunitySearchField, CommunitySearchMultipleField
from communities.models import Community, FormerRaion
from league import access
from league.forms import DateInput, OnceForm, VersionedForm
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


class RoundTableForm(forms.ModelForm):
    venue_community = CommunitySearchField(
        label=capfirst(_("venue community")), queryset=Community.objects.none()
    )
    invited_communities = CommunitySearchMultipleField(
        label=capfirst(_("invited communities")),
        queryset=Community.objects.none(),
        help_text=_("Search by name, or choose a raion and add all of its communities."),
    )
    facilitators = BoundedModelMultipleChoiceField(
        label=capfirst(_("facilitators")),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = RoundTable
        fields = [
            "series",
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
        if self.instance.pk is None:
            self._offer_numbers()
        else:
            self.fields["series"].disabled = True  # the number belongs to the series
        self.helper = _helper(form_tag=False)

    def _offer_numbers(self):
        """The number is assigned, not typed: say which one each series gives next, and ask
        for a confirmation where that goes beyond the series' target. One query."""
        series = list(
            RoundTableSeries.objects.annotate(highest=Max("round_tables__number")).order_by("title")
        )
        if len(series) == 1 and not self.initial.get("series"):
            self.initial["series"] = series[0].pk
        # A help text is shown as HTML (Django's and crispy's templates mark it safe), so
        # the series' titles, typed by staff, are escaped here.
        self.fields["series"].help_text = "; ".join(
            _("%(series)s: this will be No %(number)s of %(target)s")
            % {"series": escape(one.title), "number": (one.highest or 0) + 1, "target": one.target}
            for one in series
        )
        if any((one.highest or 0) + 1 > one.target for one in series):
            self.fields["beyond_target"] = forms.BooleanField(
                label=_("Yes, hold a round table beyond the series' target"),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        venue, invited = cleaned.get("venue_community"), cleaned.get("invited_communities")
        if venue is not None and invited is not None and venue not in invited:
            self.add_error("invited_communities", _("Invite the venue community as well."))
        return cleaned


class AgendaLineForm(forms.Form):
    order = forms.IntegerField(label=capfirst(_("order")), min_value=1, required=False)
    title = forms.CharField(label=capfirst(_("item")), max_length=300)
    speaker = forms.CharField(label=capfirst(_("speaker")), max_length=200, required=False)


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
    community = CommunitySearchField(
        label=capfirst(_("community")), queryset=Community.objects.none()
    )

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


class NewParticipantForm(OnceForm, PersonForm):
    status = forms.ChoiceField(
        label=capfirst(_("participation")),
        choices=Participation.Status.choices,
        initial=Participation.Status.INVITED,
    )


class _OfferedPeople(ModelChoiceIterator):
    """The checkboxes drawn: people of the invited communities only, however many
    people the oblast's register holds."""

    def __init__(self, field, queryset):
        super().__init__(field)
        self.queryset = queryset


class ExistingParticipantForm(OnceForm):
    """Several people from the register at once. The checkboxes offer the invited
    communities' people; anyone of the oblast not yet on the list is accepted (the
    "already registered" offer may name a person of another community)."""

    person = BoundedModelMultipleChoiceField(
        label=capfirst(_("people of the invited communities")),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple(
            attrs={"data-people-filter": _("Filter by name, position or community")}
        ),
    )
    status = forms.ChoiceField(
        label=capfirst(_("participation")),
        choices=Participation.Status.choices,
        initial=Participation.Status.INVITED,
    )

    def __init__(self, *args, round_table: RoundTable, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = (
            Person.objects.filter(community__raion__oblast_id=round_table.series.oblast_id)
            .exclude(participations__round_table=round_table)
            .select_related("community")
            .order_by("community__name", "full_name", "pk")
        )
        field.label_from_instance = lambda person: (
            f"{person.full_name} — {person.position}, {person.community.name}"
        )
        invited = RoundTable.invited_communities.through.objects.filter(
            roundtable=round_table
        ).values("community_id")
        field.widget.choices = _OfferedPeople(
            field, field.queryset.filter(community_id__in=invited)
        )


class ParticipationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=capfirst(_("participation")), choices=Participation.Status.choices
    )
    # The participation's version when the page was loaded (league.domain.save_versioned).
    version = forms.IntegerField(widget=forms.HiddenInput)


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=capfirst(_("full name")), max_length=200)
    position = forms.CharField(label=capfirst(_("position")), max_length=200)
    organisation = forms.CharField(
        label=capfirst(_("organisation")), max_length=300, required=False
    )
    community = CommunitySearchField(
        label=capfirst(_("community")), queryset=Community.objects.none()
    )
    # A blank first choice, so that an untouched row counts as empty and is skipped.
    category = forms.ChoiceField(
        label=capfirst(_("category")), choices=[("", "---------"), *Person.Category.choices]
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
    community = CommunityChoiceField(
        label=capfirst(_("community")), queryset=Community.objects.none()
    )

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


class CommitmentStatusForm(OnceForm):
    status = forms.ChoiceField(label=capfirst(_("status")), choices=Commitment.Status.choices)
    date = forms.DateField(
        label=capfirst(_("date of the change")),
        widget=DateInput(),
    )
    note = forms.CharField(
        label=capfirst(_("note")),
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


class AttachmentForm(OnceForm):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=Attachment.Kind.choices)
    file = CheckedFileField(
        label=capfirst(_("file")),
        help_text=_("PDF, JPEG or PNG. The content is checked, not just the name."),
    )
    description = forms.CharField(label=capfirst(_("description")), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Upload"))


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=capfirst(_("file")),
        help_text=_("CSV (UTF-8 or Windows-1251, comma or semicolon) or XLSX."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Import"))


# Create forms carry a one-time token (league.once.submitted_once); edit forms of records
# that several people change carry the version they were loaded at (save_versioned).


class RoundTableCreateForm(OnceForm, RoundTableForm):
    pass


class RoundTableEditForm(VersionedForm, RoundTableForm):
    pass


class PersonCreateForm(OnceForm, PersonForm):
    pass


class PersonEditForm(VersionedForm, PersonForm):
    pass


class ResolutionCreateForm(OnceForm, ResolutionForm):
    """The number is offered as the next free one; left empty, the next free number is
    taken when the resolution is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False

    def _post_clean(self):
        # The number is given by the service when left empty; the model's checks run there.
        pass


class ResolutionEditForm(VersionedForm, ResolutionForm):
    pass


class CommitmentCreateForm(OnceForm, CommitmentForm):
    pass


class CommitmentEditForm(VersionedForm, CommitmentForm):
    pass
