from django import forms
from django.utils.translation import gettext_lazy as _

from league.campaign.forms import helper
from league.forms import DateInput, OnceForm
from league.uploads import CheckedFileField


class ManualValueForm(OnceForm):
    """A value entered by hand: sent twice, it records one (league.once)."""

    date = forms.DateField(label=_("As of"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Where the number comes from: a document, a letter, a count."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False)
    evidence_file = CheckedFileField(label=_("Evidence file (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Record the value"))
