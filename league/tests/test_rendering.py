"""Selects drawn in Python are Django's selects, byte for byte."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from communities.models import Raion
from communities.tests.factories import RaionFactory
from league.rendering import FormRenderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "Альфа & <b>"), (1, 'Бета "1"')])
    grouped = forms.ChoiceField(
        choices=[("Сумський", [("s1", "Одна"), ("s2", "Дві")]), ("x", "Окремо")],
        widget=forms.Select(attrs={"class": "form-select", "data-x": "<y>", "required": True}),
    )
    several = forms.MultipleChoiceField(choices=[("1", "I"), ("2", "II"), ("3", "III")])
    maybe = forms.NullBooleanField()
    raion = forms.ModelChoiceField(queryset=Raion.objects.order_by("name"), required=False)


class DisabledOption(forms.Select):
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["disabled"] = option["value"] == "b"
        return option


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [None, {"plain": "a", "grouped": "s2", "several": ["1", "3"], "maybe": "true", "raion": "1"}],
)
def test_every_kind_of_select_is_drawn_as_djangos_template_draws_it(data):
    RaionFactory(name="Сумський <район>")
    ours, djangos = Sample(data, renderer=FormRenderer()), Sample(data, renderer=DjangoTemplates())

    # One difference on purpose: Django's empty choice «---------» reads «— Оберіть —».
    for name in Sample.base_fields:
        assert str(ours[name]) == str(djangos[name]).replace(">---------<", ">— Оберіть —<")
    assert "selected>Альфа &amp; &lt;b&gt;</option>" in str(ours["plain"]) or data is None


def test_an_option_with_attributes_keeps_them():
    field = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=DisabledOption)

    class One(forms.Form):
        choice = field

    ours = str(One(renderer=FormRenderer())["choice"])
    assert ours == str(One(renderer=DjangoTemplates())["choice"])
    assert '<option value="b" disabled>B</option>' in ours


@pytest.mark.django_db
def test_the_empty_choice_reads_as_the_other_selects_do():
    drawn = str(Sample(renderer=FormRenderer())["raion"])
    assert '<option value="" selected>— Оберіть —</option>' in drawn
    assert "---------" not in drawn
