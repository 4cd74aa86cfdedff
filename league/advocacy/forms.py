from django import forms
from django.utils.translation import gettext_lazy as _

from communities.choices import RaionChoiceField
from communities.models import Community, Raion
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum
from league.campaign.forms import helper
from league.forms import DateInput, OnceForm, VersionedForm, posted_id
from league.plan_records import programmes_of_community
from league.uploads import CheckedFileField


class MeetingForm(OnceForm, VersionedForm):
    """The community select lists only the communities of the chosen raion (pick the
    raion, then "Show communities"); the programme select only the community's own."""

    class Meta:
        model = AdvocacyMeeting
        fields = [
            "level",
            "oblast",
            "raion",
            "community",
            "date",
            "participants",
            "topic",
            "ask",
            "outcome",
            "programme",
        ]
        # The country's raions, several of the same name: grouped under their oblast.
        field_classes = {"raion": RaionChoiceField}
        widgets = {
            "date": DateInput(),
            "participants": forms.Textarea({"rows": 2}),
            "ask": forms.Textarea({"rows": 2}),
        }

    def __init__(self, *args, raion_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raion"].queryset = Raion.objects.order_by("name")
        raion_id = posted_id(raion_id or self.data.get("raion") or self.instance.raion_id)
        communities = Community.objects.none()
        if raion_id is not None:
            communities = Community.objects.filter(raion_id=raion_id).order_by("name")
        self.fields["community"].queryset = communities
        self.fields["community"].help_text = _("Choose the raion first to list its communities.")
        if self.instance.community_id:
            self.fields["programme"].queryset = programmes_of_community(self.instance.community)
        else:
            self.fields["programme"].queryset = programmes_of_community(None).none()
            self.fields["programme"].help_text = _(
                "Save the meeting with its community first; then link the programme."
            )
        self.helper = helper()


class FollowUpForm(OnceForm, forms.ModelForm):
    """A new follow-up, on the meeting's page: sent twice, it adds one (league.once)."""

    class Meta:
        model = FollowUp
        fields = ["text", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Add the follow-up"))


class MemorandumForm(OnceForm, VersionedForm):
    document_upload = CheckedFileField(label=_("Document (PDF, JPEG or PNG)"), required=False)

    class Meta:
        model = Memorandum
        fields = ["oblast", "title", "parties", "date_signed", "scope", "valid_until", "status"]
        widgets = {
            "date_signed": DateInput(),
            "valid_until": DateInput(),
            "parties": forms.Textarea({"rows": 2}),
            "scope": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()
