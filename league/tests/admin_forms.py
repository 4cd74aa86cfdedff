"""Posting to the Django admin as a person would: the change form's own values, with
some of them changed."""

from django.forms.models import model_to_dict


def change_form_data(response, **changes) -> dict:
    """The data the admin's change page would post back, with `changes` applied."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value if not isinstance(value, list) else [str(item) for item in value]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for inline_form in formset.formset.initial_forms:
            for name, value in model_to_dict(inline_form.instance).items():
                if name in inline_form.fields and value is not None:
                    data[f"{inline_form.prefix}-{name}"] = value
            data[f"{inline_form.prefix}-id"] = inline_form.instance.pk
    data.update(changes)
    return data
