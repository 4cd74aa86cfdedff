"""Form helpers shared by every app."""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from league.domain import DomainError, StaleEdit


def add_model_errors(form, error: ValidationError) -> None:
    """Put a model's validation errors on the form's fields where it has them."""
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


class VersionedForm(forms.ModelForm):
    """An edit form of a `Versioned` record: it posts back the version it was loaded at,
    for `league.domain.save_versioned` to refuse a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class OnceForm(forms.Form):
    """A create form with a one-time token: see `league.once.submitted_once`."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4()


def refuse(form, error: DomainError) -> int:
    """Show a refused save on its form; returns the status code for the response
    (409 for a stale edit, whose changes `templates/_stale_changes.html` lists)."""
    form.add_error(None, error.message)
    form.stale_changes = getattr(error, "changes", [])
    return 409 if isinstance(error, StaleEdit) else 200
