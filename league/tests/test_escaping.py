"""Markup typed into any text field is shown as text on every page that shows it.

Every free-text field a person can fill (the CharFields and TextFields of the portal's
models, without choices, not codes, files or addresses) gets markup put in front of what
it holds; then every page of the URL-by-role table is read as staff and as a social
worker, and the markup must appear escaped, never as a tag.
"""

import pytest
from django.apps import apps
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse

from league.tests.test_ukrainian_pages import HTML_ROWS, release
from roundtables.tests.factories import RoundTableSeriesFactory

MARKUP = '<u-x title="x">'
OUR_APPS = {
    "league",
    "communities",
    "roundtables",
    "monitoring",
    "campaign",
    "advocacy",
    "targets",
    "notifications",
    "timeline",
    "reports",
}
# Fields whose value the code reads as a key or an address, not text a person reads.
NOT_FREE_TEXT = (
    models.EmailField,
    models.URLField,
    models.SlugField,
    models.FileField,
    models.GenericIPAddressField,
)
KEYS = {
    "code",
    "katottg",
    "number",
    "sha256",
    "password",
    "username",
    "dimension",
    "option",
    "computation",
    "left",
    "right",
    "operator",
    "token",
    "name_key",
    "edrpou",
    "language",
    "kind",
    "key",
    "session_key",
    "content_type",
    "path",
}


def _free_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, NOT_FREE_TEXT)
            and not field.choices
            and not field.primary_key
            and field.name not in KEYS
        ]
        if names:
            yield model, names


def mark_up_every_text():
    """Markup in front of every filled free-text value (an empty one stays empty: some are
    empty by rule, a contact without consent)."""
    for model, names in FREE_TEXT:
        for name in names:
            try:
                # A plain queryset: the logs' own managers refuse every update (append-only);
                # on PostgreSQL their trigger still refuses it, and those rows stay as written.
                with transaction.atomic():
                    models.QuerySet(model).exclude(**{name: ""}).exclude(
                        **{f"{name}__startswith": MARKUP}
                    ).update(**{name: Concat(Value(MARKUP), name)})
            except (IntegrityError, DataError):
                # A format the database checks (EDRPOU digits), a log's trigger, or a code
                # too short for the markup (PostgreSQL enforces lengths): no free text.
                continue


FREE_TEXT = list(_free_text_fields())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "worker_a"])
def test_markup_in_every_text_field_is_shown_escaped(role, cast, client_for):
    # A series of round tables: its title is shown in the new round table's help text.
    RoundTableSeriesFactory(oblast=cast.oblast)
    client = client_for(role)
    shown, failures = 0, []
    for row in HTML_ROWS:
        if row.expect[role] != 200 or row.name.startswith("admin:"):
            continue
        with transaction.atomic():
            url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
            mark_up_every_text()
            response = client.get(url)
            release(response)
            if "html" in response.get("Content-Type", ""):
                page = response.content.decode()
                shown += page.count("&lt;u-x")
                if response.status_code != 200 or "<u-x" in page:
                    failures.append((url, response.status_code))
            transaction.set_rollback(True)
    assert shown > 100  # the markup reached the pages, escaped
    assert failures == []
