"""Every button works: for every role, every page that role opens is read, and each button
of each form on it that posts is pressed with the values the page itself offers, CSRF
checks on, as a browser would send them.

A press fails when it answers a server error, a CSRF refusal, or «the page was incomplete
or out of date» (a one-time token or version the page did not render: the start page's
«Почати звіт» failed so). A form error the person can act on (an empty required field) is
fine: the page asked for it. Each press is undone (a savepoint), so every press meets the
page as it was rendered.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from league.forms import DAMAGED_FORM
from league.tests.access_matrix import ROLES
from league.tests.test_ukrainian_pages import HTML_ROWS, release

# Not pressed: signing out ends the walk's session; the language switch only sets a cookie.
NOT_PRESSED = ("/accounts/logout/", "/admin/logout/", "/i18n/")
TEXT_INPUTS = {"", "text", "hidden", "number", "date", "email", "tel", "url", "search"}
TEXT_INPUTS |= {"password", "month", "time", "datetime-local"}


class _Forms(HTMLParser):
    """Forms that post, each with the fields a browser sends and its submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            posts = (attrs.get("method") or "get").lower() == "post"
            self._form = {"action": attrs.get("action"), "fields": [], "buttons": []}
            if posts:
                self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name, kind = attrs.get("name"), (attrs.get("type") or "").lower()
        pressable = ("submit", "image") if tag == "input" else ("", "submit")
        if tag in ("input", "button") and kind in pressable:
            self._form["buttons"].append((name, attrs.get("value", "")))
        elif tag == "input" and name and kind in TEXT_INPUTS:
            self._form["fields"].append((name, attrs.get("value", "")))
        elif tag == "input" and name and kind in ("checkbox", "radio") and "checked" in attrs:
            self._form["fields"].append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self._select = {"name": name, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"] or self._select["options"][:1]
            self._form["fields"] += [(self._select["name"], value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None


def presses(html: str, page_url: str):
    """(action, data) for each button of each posting form, as a browser sends them."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        action = form["action"] or page_url
        if urlsplit(action).netloc or urlsplit(action).path.startswith(NOT_PRESSED):
            continue
        for button_name, button_value in form["buttons"] or [(None, "")]:
            data: dict[str, list[str]] = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            if button_name:
                data.setdefault(button_name, []).append(button_value)
            yield action, data


def test_presses_sends_what_a_browser_sends():
    html = (
        '<form method="post" action="/a/"><input type="hidden" name="t" value="1">'
        '<input type="checkbox" name="c" value="x"><input type="checkbox" name="d" checked>'
        '<select name="s"><option value="">—</option><option value="2" selected>2</option>'
        '</select><textarea name="n">текст</textarea><input type="file" name="f">'
        '<button type="submit" name="action" value="save">S</button>'
        '<button type="submit" name="action" value="submit">P</button></form>'
        '<form method="get" action="/b/"><input name="q"></form>'
    )
    fields = {"t": ["1"], "d": ["on"], "s": ["2"], "n": ["текст"]}
    assert list(presses(html, "/page/")) == [
        ("/a/", {**fields, "action": ["save"]}),
        ("/a/", {**fields, "action": ["submit"]}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_button_of_every_page_works(role, cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(getattr(cast, role))
    damaged = (gettext(DAMAGED_FORM), DAMAGED_FORM)
    pressed, broken, last = 0, [], None
    for row in HTML_ROWS:
        if row.expect[role] != 200:
            continue
        with transaction.atomic():
            url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
            page = client.get(url)
            release(page)
            assert page.status_code == 200, f"{url} after pressing {last}"
            if "html" not in page.get("Content-Type", ""):
                transaction.set_rollback(True)
                continue
            for action, data in presses(page.content.decode(), url):
                with transaction.atomic():
                    last = (url, action, data)
                    answer = client.post(action, data, follow=True)
                    release(answer)
                    pressed += 1
                    text = answer.content.decode(errors="replace")
                    if answer.status_code >= 500 or answer.status_code == 403:
                        broken.append((url, action, answer.status_code))
                    elif any(message in text for message in damaged):
                        broken.append((url, action, "page out of date"))
                    transaction.set_rollback(True)
            transaction.set_rollback(True)
    print(role, "pressed", pressed)
    assert pressed  # the walk found buttons to press
    assert broken == []
