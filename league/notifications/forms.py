from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from league.campaign.forms import helper
from league.mail import KINDS


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[f"kind_{kind}"] = forms.BooleanField(
                label=KINDS[kind].label, required=False
            )
        self.helper = helper()

    def wanted(self) -> list[str]:
        return [
            name.removeprefix("kind_")
            for name, value in self.cleaned_data.items()
            if name.startswith("kind_") and value
        ]
