"""House rules every model of ours keeps, so a new model cannot quietly skip them."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils.functional import Promise

OUR_APPS = (
    "league",
    "communities",
    "roundtables",
    "monitoring",
    "campaign",
    "advocacy",
    "targets",
    "notifications",
)
# Technical records, not domain data: no admin page and no history of their own.
TECHNICAL = {"league.FormSubmission"}


def our_models():
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            if model._meta.label in TECHNICAL:
                continue
            yield model


MODELS = list(our_models())


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_has_an_admin_page(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize(
    "model",
    [model for model in MODELS if model._meta.label != "league.User"],
    ids=lambda model: model._meta.label,
)
def test_every_model_keeps_a_history_of_changes(model):
    assert hasattr(model, "history"), "add history = HistoricalRecords()"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_field_and_model_speaks_through_gettext(model):
    assert isinstance(model._meta.verbose_name, Promise)
    if model._meta.label == "league.User":
        fields = [field for field in model._meta.local_fields if field.name in {"role", "oblast"}]
    else:
        fields = [field for field in model._meta.get_fields() if field.concrete]
    untranslated = [
        field.name
        for field in fields
        if not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]
    assert untranslated == []
