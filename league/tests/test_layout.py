"""The layout's accessibility basics: a skip link to the main content, a favicon of our
own, success messages announced politely (role=status) and errors as alerts."""

import pytest
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_every_page_has_a_skip_link_and_our_favicon(client_for):
    page = client_for("worker_a").get("/").content.decode()
    assert '<a class="visually-hidden-focusable skip-link btn btn-light" href="#content">' in page
    assert 'id="content"' in page
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    assert finders.find("img/favicon.svg")


def test_success_is_a_status_and_an_error_an_alert(cast):
    request = RequestFactory().get("/")
    request.user = cast.staff
    request.session = {}
    storage = messages.storage.default_storage(request)
    storage.add(messages.SUCCESS, "Збережено.")
    storage.add(messages.ERROR, "Не збережено.")
    html = render_to_string(
        "_messages.html",
        {"messages": storage, "DEFAULT_MESSAGE_LEVELS": messages.DEFAULT_LEVELS},
    )
    assert '<div class="alert alert-success" role="status">Збережено.</div>' in html
    assert '<div class="alert alert-danger" role="alert">Не збережено.</div>' in html
