"""The form renderer: Django's, with selects drawn in Python.

Django's select template includes another template once per option; a select of the
country's 126 raions cost 4.5 ms, more than the rest of the community list. This draws
the same markup (tested against Django's own template) without a template per option.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

SELECT = "django/forms/widgets/select.html"
# Django's and django-filter's empty choice: dashes, not words. Shown as the other selects'
# «— Оберіть —» (Django's "- Select an option -", translated in our catalogue).
DASHES = "---------"


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: a True value is a bare name, False is left out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict) -> str:
    parts = [
        format_html('<select name="{}"{}>', widget["name"], mark_safe(_attrs(widget["attrs"])))
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    mark_safe(_attrs(option["attrs"])),
                    gettext("- Select an option -")
                    if option["label"] == DASHES
                    else option["label"],
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return select_html(context["widget"])
        return super().render(template_name, context, request)
