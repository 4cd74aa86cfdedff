from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from communities.choices import RaionChoiceField
from communities.models import Community, Oblast, Raion
from league.campaign.models import CampaignActivity, CampaignStrategy, CommunityAgreement
from league.campaign.services import TRANSITIONS
from league.forms import DateInput, HiddenErrorsShown, OnceForm
from league.uploads import CheckedFileField


def helper(label=None) -> FormHelper:
    form_helper = FormHelper()
    form_helper.add_input(Submit("save", label or _("Save")))
    return form_helper


class StrategyForm(OnceForm):
    """A new strategy: sent twice, it creates one (league.once)."""

    oblast = forms.ModelChoiceField(label=_("Oblast"), queryset=Oblast.objects.order_by("name"))
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class VersionForm(OnceForm):
    """The next version: sent twice, it adds one (league.once)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    key_messages = forms.CharField(label=_("Key messages"), widget=forms.Textarea({"rows": 3}))
    target_groups = forms.CharField(label=_("Target groups"), widget=forms.Textarea({"rows": 2}))
    channels = forms.CharField(label=_("Channels"), widget=forms.Textarea({"rows": 2}))
    timeline = forms.CharField(label=_("Timeline"), widget=forms.Textarea({"rows": 3}))
    document = CheckedFileField(label=_("Document (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Add the version"))


class StrategyStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    council_reference = forms.CharField(
        label=_("Council decision or letter reference"), max_length=100, required=False
    )
    council_date = forms.DateField(
        label=_("Date of the council's agreement"), required=False, widget=DateInput()
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)

    def __init__(self, *args, strategy: CampaignStrategy, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CampaignStrategy.Status.choices)
        self.fields["status"].choices = [
            (status, labels[status]) for status in TRANSITIONS[strategy.status]
        ]
        self.helper = helper(_("Change status"))


class AgreementForm(HiddenErrorsShown, forms.Form):
    """A community's stance, with the version of its row the form was loaded at (0: none
    recorded yet), for `services.agreement_record` to refuse a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    stance = forms.ChoiceField(label=_("Stance"), choices=CommunityAgreement.Stance.choices)
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
    document = CheckedFileField(label=_("Document (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


class ActivityForm(OnceForm):
    """A campaign activity: sent twice, it records one (league.once); its token is also
    the activity's own submission key."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Type"), choices=CampaignActivity.Kind.choices)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=CampaignActivity.TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0)
    materials_distributed = forms.IntegerField(
        label=_("Materials distributed"), min_value=0, initial=0
    )
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)
    photo = CheckedFileField(label=_("Photo evidence (JPEG, PNG or PDF)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Record the activity"))


class ActivityFilterForm(forms.Form):
    """Raion, then a community of that raion: a select is never the whole country."""

    raion = RaionChoiceField(
        label=_("Raion"), queryset=Raion.objects.none(), required=False, empty_label=_("All")
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All")), *CampaignActivity.Kind.choices],
        required=False,
    )

    def __init__(self, *args, raions, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raion"].queryset = raions
        self.fields["community"].queryset = communities
