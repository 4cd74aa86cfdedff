"""Posting to the Django admin as a person would: the change page's forms as they stand,
with what the test changes on top."""

import datetime

from django import forms
from django.utils import timezone


def _add_form(data: dict, form) -> None:
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field, forms.SplitDateTimeField):
            if isinstance(value, datetime.datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                value = [local.date().isoformat(), local.time().isoformat(timespec="seconds")]
            data[f"{key}_0"], data[f"{key}_1"] = value or ["", ""]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[key] = value.isoformat()
        else:
            data[key] = "" if value is None else value


def change_form_data(response) -> dict:
    """POST data of an admin add or change page: the main form and every inline formset
    (management forms included) with the values the page shows."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _add_form(data, form)
    return data
