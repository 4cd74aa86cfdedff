"""Branches of league's ground floor that no page test reaches: the superuser command's
role, a user's admin address, empty and float cells, a table over the size limit, and a
stored file whose extension is none of ours."""

from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation

from league import tables, uploads, views
from league.forms import save_record_form
from league.models import User


def test_createsuperuser_makes_an_admin(db):
    user = User.objects.create_superuser("root", "root@example.org", "a-long-test-password")
    assert user.role == User.Role.ADMIN
    assert user.is_superuser and user.is_staff
    assert user.get_absolute_url() == reverse("admin:league_user_change", args=[user.pk])


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (5.0, "5"), (5.5, "5.5"), (380501234567.0, "380501234567"), (" x ", "x")],
)
def test_cell_text(value, text):
    assert tables.cell_text(value) == text


def test_a_table_over_the_upload_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_BYTES = 10
    uploaded = SimpleUploadedFile("people.csv", b"full_name,position\n" * 2)
    with translation.override("en"), pytest.raises(tables.TableRefused) as refused:
        list(tables.iter_rows(uploaded, max_rows=10))
    [message] = refused.value.errors
    assert message.startswith("The file is ") and "the limit is" in message


def test_a_stored_file_of_an_unknown_extension_is_served_as_bytes():
    # An old or hand-placed file: its extension is none the upload check gives, so its
    # content is not even read.
    stored = SimpleNamespace(name="old/scan.doc")
    assert uploads.served_type(stored) == ("application/octet-stream", "bin")


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_record_refused_by_its_model_shows_the_errors_on_the_form(rf, cast):
    form = NameForm(data={"name": "x"})
    assert form.is_valid()
    form.instance = SimpleNamespace(pk=7)
    form.cleaned_data["version"] = 3
    seen = []

    def save(instance, version):
        seen.append((instance.pk, version))
        raise ValidationError({"name": ["Занадто коротко."], "other": ["Не так."]})

    request = rf.post("/")
    request.user = cast.staff
    response, status = save_record_form(request, form, save, created="", saved="")
    assert (response, status) == (None, 200)
    assert seen == [(7, 3)]
    assert form.errors == {"name": ["Занадто коротко."], "__all__": ["Не так."]}


def test_healthz_says_503_when_the_database_refuses(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", SimpleNamespace(cursor=refuse))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
