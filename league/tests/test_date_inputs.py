"""Every date input of every form and filter renders its value as the browser's date
picker needs it (ISO, whatever the page's language): a localised date is lost there."""

import copy
import datetime
import inspect
from importlib import import_module

import django_filters
import pytest
from django import forms
from django.utils import translation

FORM_MODULES = [
    "communities.forms",
    "communities.filters",
    "communities.plans.forms",
    "communities.plans.filters",
    "roundtables.forms",
    "roundtables.filters",
    "monitoring.forms",
    "monitoring.filters",
]
A_DATE = datetime.date(2026, 3, 9)


def date_fields():
    for module_name in FORM_MODULES:
        module = import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module_name:
                continue
            if issubclass(cls, forms.BaseForm):
                fields = cls.base_fields
            elif issubclass(cls, django_filters.FilterSet):
                # A filter builds and keeps its field on first use: build it on a copy, so
                # the class's own filters stay unbuilt and keep asking for the request's
                # queryset (else every later filter page lists stale choices).
                fields = {
                    key: copy.deepcopy(value).field for key, value in cls.base_filters.items()
                }
            else:
                continue
            for field_name, field in fields.items():
                if isinstance(field, forms.DateField):
                    yield pytest.param(field, id=f"{module_name}.{name}.{field_name}")


DATE_FIELDS = list(date_fields())


def test_the_portal_has_date_inputs_to_check():
    assert len(DATE_FIELDS) >= 10


@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize("language", ["uk", "en"])
def test_every_date_input_is_a_date_picker_with_an_iso_value(field, language):
    with translation.override(language):
        html = field.widget.render("when", A_DATE)
    assert 'type="date"' in html
    assert 'value="2026-03-09"' in html
