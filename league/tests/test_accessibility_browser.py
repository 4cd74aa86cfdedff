"""axe-core in real Chromium over every page every role reaches (league/tests/crawl.py):
no serious or critical violation, contrast included.

The pages are the crawl's own HTML, rendered once per session by Django's test client;
Chromium loads each at its own address, with the portal's style sheets and scripts
served from the static files, so axe sees the page a person sees. One browser context
per role: social workers on a 390 px phone, everyone else on a 1366 px laptop.
"""

import mimetypes
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.staticfiles import finders

from league.tests.access_matrix import ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ORIGIN = "http://portal.test"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SERIOUS = ("serious", "critical")


class Portal:
    """Answers Chromium's requests: the page being checked for a navigation, a static
    file from the finders, nothing for the rest (no page here fetches data to show)."""

    def __init__(self):
        self.html = ""

    def __call__(self, route):
        request = route.request
        if request.is_navigation_request():
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.html)
            return
        path = urlsplit(request.url).path
        static = "/" + settings.STATIC_URL.strip("/") + "/"
        found = finders.find(path.removeprefix(static)) if path.startswith(static) else None
        if found is None:
            route.fulfill(status=404, body="")
            return
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        route.fulfill(status=200, content_type=content_type, path=found)


def serious_violations(page, axe) -> list[str]:
    found = axe.run(page).response["violations"]
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in found
        if violation["impact"] in SERIOUS
    ]


def test_every_page_of_every_role_passes_axe_core(crawled_pages, browser):
    by_role = defaultdict(list)
    for crawled in crawled_pages:
        by_role[crawled.role].append(crawled)
    assert by_role.keys() == set(ROLES)
    axe = Axe()
    violations = {}
    for role, pages in by_role.items():
        context = browser.new_context(
            locale="uk-UA", viewport=PHONE if role.startswith("worker") else LAPTOP
        )
        portal = Portal()
        context.route(f"{ORIGIN}/**", portal)
        page = context.new_page()
        for crawled in pages:
            portal.html = crawled.html
            page.goto(f"{ORIGIN}{crawled.url}", wait_until="load")
            if found := serious_violations(page, axe):
                violations[f"{crawled.slug}"] = found
        context.close()
    assert violations == {}


def test_axe_core_finds_a_serious_violation(browser):
    """The check runs and reports: white text on a pale red background is refused."""
    context = browser.new_context()
    portal = Portal()
    portal.html = (
        '<!doctype html><html lang="uk"><title>т</title><main>'
        '<p style="color:#fff;background:#f8d7da">Прострочено</p></main>'
    )
    context.route(f"{ORIGIN}/**", portal)
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    assert serious_violations(page, Axe()) == ["color-contrast: [['p']]"]
    context.close()
