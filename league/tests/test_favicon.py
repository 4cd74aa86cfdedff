"""/favicon.ico answers, as browsers ask for it whatever the page links, without a
session or the database (no `db` fixture here: a query would fail the test)."""

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image


def test_favicon_ico_is_a_permanent_redirect_to_an_icon_that_exists(client):
    response = client.get("/favicon.ico")
    assert reverse("favicon") == "/favicon.ico"
    assert response.status_code == 301
    assert response.url.endswith("img/favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    path = finders.find("img/favicon.ico")
    assert path is not None
    with Image.open(path) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"] and (16, 16) in icon.info["sizes"]


def test_favicon_ico_answers_a_head_request_and_refuses_a_post(client):
    assert client.head("/favicon.ico").status_code == 301
    assert client.post("/favicon.ico").status_code == 405
