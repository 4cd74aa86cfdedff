"""The fixed cast every test can use, and the browser set-up.

Community A and community B lie in one oblast; the council official reads that oblast.
"""

import os
import shutil
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.models import User
from league.tests.crawl import crawl
from league.tests.factories import UserFactory

# Property-based tests (importers, figure parsers): few examples, so the suite stays fast;
# no example database on disk; each example runs inside the test's transaction.
hypothesis_settings.register_profile(
    "portal",
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# HYPOTHESIS_PROFILE=thorough for a long hunt before a release or after changing a parser.
hypothesis_settings.register_profile(
    "thorough", parent=hypothesis_settings.get_profile("portal"), max_examples=1000
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "portal"))


def pytest_configure(config):
    """SUITE_CLOCK=2027-03-31T23:59:00+03:00 runs the suite from that moment on, the clock
    ticking (time-machine), to show that no test depends on the day it runs: at the last
    minute of a quarter, collection and the tests fall on different days and quarters."""
    moment = os.environ.get("SUITE_CLOCK")
    if moment:
        import time_machine

        config.suite_clock = time_machine.travel(moment, tick=True)
        config.suite_clock.start()


CHROMIUM = "/usr/bin/chromium"
ROLES = ["anonymous", "worker_a", "worker_b", "staff", "council", "admin"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def make_cast():
    oblast = OblastFactory()
    raion = RaionFactory(oblast=oblast, name="Сумський")
    community_a = CommunityFactory(raion=raion, name="Сумська", type="urban")
    community_b = CommunityFactory(raion=raion, name="Конотопська", type="urban")
    return SimpleNamespace(
        oblast=oblast,
        raion=raion,
        community_a=community_a,
        community_b=community_b,
        staff=UserFactory(username="staff", role=User.Role.STAFF),
        admin=UserFactory(username="admin", role=User.Role.ADMIN),
        worker_a=UserFactory(username="worker_a", role=User.Role.WORKER, communities=[community_a]),
        worker_b=UserFactory(username="worker_b", role=User.Role.WORKER, communities=[community_b]),
        council=UserFactory(username="council", role=User.Role.COUNCIL, oblast=oblast),
        outsider=UserFactory(username="outsider", role=""),
    )


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture(scope="session")
def crawled_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every page every role reaches, rendered once per session (league/tests/crawl.py).
    Its records are rolled back and the caches emptied, so no other test sees them."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp_path_factory.mktemp("crawl-media"),
        ),
    ):
        try:
            with transaction.atomic():
                pages = crawl(make_cast())
                transaction.set_rollback(True)
        finally:
            for cache in caches.all():
                cache.clear()
    return pages


@pytest.fixture
def client_for(client, cast):
    """client_for("worker_a") -> a test client logged in as that member of the cast."""

    def login(role: str):
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(cast, role))
        return client

    return login


# Browser tests: real Chromium through Playwright. Where Chromium is missing they are
# skipped with a reason, except in CI, where a missing browser is a failure.
def pytest_collection_modifyitems(config, items):
    if any("browser" in item.keywords for item in items):
        # Playwright's sync API keeps an event loop running in the test thread for the
        # whole session; the ORM calls that tests make beside it are still synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if shutil.which(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_login(live_server, page):
    """Log in through the real form and return the page, ready on the start page."""

    def login(username: str, password: str = "a-long-test-password"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return login
