from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.utils.translation import gettext_lazy as _

from communities.models import ContactPerson
from league.forms import OnceForm, VersionedForm


class ContactPersonForm(OnceForm, VersionedForm):
    class Meta:
        model = ContactPerson
        fields = ["full_name", "position", "category", "phone", "email", "consent_to_contacts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
