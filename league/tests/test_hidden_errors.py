"""A create or edit form whose hidden token or version went missing says so."""

import pytest
from django.urls import reverse

from communities.models import ContactPerson
from communities.tests.factories import ContactPersonFactory

pytestmark = pytest.mark.django_db

CONTACT = {"full_name": "Олена Петренко", "position": "Староста", "category": "head"}


def test_a_create_form_without_its_token_says_so_and_saves_nothing(cast, client_for):
    url = reverse("communities:contact_create", kwargs={"pk": cast.community_a.pk})
    response = client_for("worker_a").post(url, {**CONTACT, "form_token": ""})
    assert response.status_code == 200
    assert "Сторінка була неповна або застаріла" in response.content.decode()
    assert not ContactPerson.objects.exists()


def test_an_edit_form_without_its_version_says_so_and_saves_nothing(cast, client_for):
    contact = ContactPersonFactory(community=cast.community_a, full_name="Іван Коваль")
    url = reverse("communities:contact_update", kwargs={"pk": contact.pk})
    response = client_for("worker_a").post(url, {**CONTACT, "version": ""})
    assert "Сторінка була неповна або застаріла" in response.content.decode()
    contact.refresh_from_db()
    assert contact.full_name == "Іван Коваль"
