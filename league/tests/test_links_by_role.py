"""Nothing links a person to a page that refuses them.

The walk is the URL-by-role table's (test_url_access.py): every page a role gets 200 for
is read, and every link on it into the portal is followed as the same role. A link that
answers 403 or 404 is a link that should not have been drawn for that person.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse

from league.targets.registry import COMPUTATIONS
from league.targets.tests.factories import IndicatorFactory, ProjectFactory
from league.tests.access_matrix import ROLES
from league.tests.test_ukrainian_pages import HTML_ROWS, release

# Not pages: the admin (its own policy and tests), static files, the log-out form's target.
NOT_FOLLOWED = ("/admin/", "/static/", "/media/", "/accounts/logout/", "/i18n/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def portal_links(html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    links = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, a mail address, an anchor on the same page
        if parts.path.startswith(NOT_FOLLOWED):
            continue
        links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def test_portal_links_keeps_only_the_portals_own_pages():
    html = (
        '<a href="/targets/?project=2">x</a><a href="https://example.org/">y</a>'
        '<a href="#main">z</a><a href="/admin/">a</a><a href="mailto:a@b.c">m</a>'
    )
    assert portal_links(html) == {"/targets/?project=2"}


@pytest.fixture
def logframe(cast):
    """A project of the cast's oblast measuring every computation, each of which links to
    the records behind it (pages not every role may open)."""
    project = ProjectFactory(oblast=cast.oblast)
    for key in COMPUTATIONS:
        IndicatorFactory(project=project, computation=key)
    return project


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_page_links_a_person_to_a_page_that_refuses_them(role, cast, client_for, logframe):
    client = client_for(role)
    followed, refused = set(), []
    for row in HTML_ROWS:
        if row.expect[role] != 200:
            continue
        # Each row's objects are undone after its visit: rows create clashing records
        # (one plan a year, one report a quarter).
        with transaction.atomic():
            url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
            response = client.get(url)
            release(response)
            if "html" in response.get("Content-Type", ""):
                for link in portal_links(response.content.decode()) - followed:
                    followed.add(link)
                    answer = client.get(link)
                    release(answer)
                    if answer.status_code in (403, 404):
                        refused.append((url, link, answer.status_code))
            transaction.set_rollback(True)
    assert followed
    assert refused == []
