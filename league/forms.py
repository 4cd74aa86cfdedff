"""Form helpers shared by every app."""

import uuid
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_noop

from league.domain import DomainError, StaleEdit
from league.once import create_once, earlier_submission


def posted_id(value) -> int | None:
    """A primary key from a query string or a form, or None. `str.isdigit()` alone lets
    through «²» and other Unicode digits that int() refuses, and a long run of digits
    overflows a 64-bit key: each was a server error."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def add_model_errors(form, error: ValidationError) -> None:
    """Put a model's validation errors on the form's fields where it has them."""
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


class DateInput(forms.DateInput):
    """The one date widget of the portal: the browser's date picker, which takes and sends
    ISO dates whatever the page's language (a localised value would leave it empty)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class LoginForm(AuthenticationForm):
    """Django's log-in form sets the name's max_length without its validator: a name of
    10,000 characters reached django-axes, whose record of the attempt holds 255 (a
    server error on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class HiddenErrorsShown:
    """A hidden field's error has no place on the page: say so above the form instead, or
    a page whose version or token went missing comes back without a word."""

    def clean(self):
        cleaned = super().clean()
        if any(
            field.widget.is_hidden for name, field in self.fields.items() if name in self._errors
        ):
            self.add_error(None, gettext(DAMAGED_FORM))
        return cleaned


class VersionedForm(HiddenErrorsShown, forms.ModelForm):
    """An edit form of a `Versioned` record: it posts back the version it was loaded at,
    for `league.domain.save_versioned` to refuse a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        # A new record has no version to compare yet.
        self.fields["version"].required = bool(self.instance.pk)


class OnceForm(HiddenErrorsShown, forms.Form):
    """A create form with a one-time token: see `league.once.submitted_once`."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            del self.fields["form_token"]  # an edit, not a create
        else:
            self.fields["form_token"].initial = uuid.uuid4()


def refuse(form, error: DomainError) -> int:
    """Show a refused save on its form; returns the status code for the response
    (409 for a stale edit, whose changes `templates/_stale_changes.html` lists)."""
    form.add_error(None, error.message)
    form.stale_changes = getattr(error, "changes", [])
    if not isinstance(error, StaleEdit):
        return 200
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk is not None and "version" in form.fields:
        # The form now carries the version saved meanwhile: having checked the changes
        # listed, the person can save again.
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = (
            type(form.instance)
            ._default_manager.values_list("version", flat=True)
            .get(pk=form.instance.pk)
        )
    return 409


def save_record_form(
    request,
    form,
    save: Callable[[Model, int | None], Model],
    *,
    created: str,
    saved: str,
    next_url: Callable[[Model], str] | None = None,
) -> tuple[HttpResponse | None, int]:
    """Save a valid create-or-edit form of a record through its service.

    `save(instance, version)` calls the service. A new record is created once per form
    token: a repeat of the same submit creates nothing and goes where the first went. An
    edit is saved against the version its form was loaded at. Returns the redirect to
    `next_url(record)` (default: the record's page) with a message, or None and the status
    for showing the form again with the refusal on it.
    """
    instance = form.instance
    try:
        if instance.pk is None:
            record, url = create_once(
                token=form.cleaned_data["form_token"],
                user=request.user,
                create=lambda: save(instance, None),
                url_of=next_url,
            )
            messages.success(request, created if record else gettext(ALREADY_SAVED))
            return redirect(url), 200
        # A record that is not Versioned has no version on its form.
        record = save(instance, form.cleaned_data.get("version"))
    except ValidationError as error:
        add_model_errors(form, error)
        return None, 200
    except DomainError as error:
        return None, refuse(form, error)
    messages.success(request, saved)
    return redirect(next_url(record) if next_url else record), 200


DAMAGED_FORM = gettext_noop(
    "The page was incomplete or out of date and nothing was saved. Open it again and repeat "
    "your changes."
)
ALREADY_SAVED = gettext_noop("This form had already been saved; nothing was added twice.")


def already_saved(request, submission, fallback: str):
    """The answer to a create form sent a second time: nothing created, the first's page."""
    messages.info(request, gettext(ALREADY_SAVED))
    return redirect(submission.url or fallback)


def repeat_of_a_create(request, form):
    """`repeat_of_a_saved_form` for a create-or-edit form page: when `form` is a create
    form whose one-time token was already saved, the answer that sends the person to what
    the first submit created (before the form is validated, so a repeat never reads
    «already exists»); None otherwise. One query on a POST of a create form."""
    if "form_token" not in form.fields:
        return None
    return repeat_of_a_saved_form(request, request.path, form.add_prefix("form_token"))


def repeat_of_a_saved_form(request, fallback: str, field: str = "form_token"):
    """A create form sent again after its first submit was saved: the answer that sends
    the person to what was created, or None. Asked before the form is validated, since
    the first submit may have made the repeat invalid (a number or a name now taken);
    a repeat sent while the first is still saving is caught by `submitted_once`. One query."""
    if request.method != "POST":
        return None
    try:
        token = uuid.UUID(request.POST.get(field, ""))
    except ValueError:
        return None
    earlier = earlier_submission(request.user, token)
    return None if earlier is None else already_saved(request, earlier, fallback)
