"""In real Chromium: no page a social worker reaches is wider than a 390 px phone, and no
page staff reach is wider than a 1366 px laptop; the main pages pass axe-core with no
serious or critical violation.

The pages are the URL table's own (league/tests/test_url_access.py): every row that
answers the role with 200 on GET and returns HTML. A few records with long texts are
added first, so that tables have rows to overflow with.
"""

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from communities.plans.models import IdentificationPlan
from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    LocalProgrammeFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from communities.tests.factories import ContactPersonFactory
from league.tests.test_url_access import ROWS
from monitoring.catalogue import catalogue_load
from monitoring.models import MonitoringReport
from monitoring.tests.factories import ReportFactory
from roundtables.models import RoundTable
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    ResolutionFactory,
    RoundTableFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
BUSY_PLAN_YEAR = 2010
LONG = "Забезпечити навчання фахівців центру надання адміністративних послуг"


@pytest.fixture
def browser_context_args(browser_context_args):
    """Ukrainian, the portal's language and its longest words."""
    return {**browser_context_args, "locale": "uk-UA"}


# How far the widest scrolling table reaches past its box (0: every table fits).
WIDEST_TABLE = """Math.max(0, ...Array.from(document.querySelectorAll('.table-responsive'))
    .map(box => box.scrollWidth - box.clientWidth))"""


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _busy_community_a(cast):
    """Rows in every table of community A's pages."""
    community = cast.community_a
    this_year = timezone.localdate().year
    ContactPersonFactory(
        community=community, email="olena.ivanenko@example.org", consent_to_contacts=True
    )
    round_table = RoundTableFactory(venue_community=community, invited=[community])
    for _ in range(2):
        person = PersonFactory(
            community=community,
            position=LONG,
            organisation="Виконавчий комітет Сумської міської ради",
        )
        ParticipationFactory(round_table=round_table, person=person)
    resolution = ResolutionFactory(round_table=round_table, text=LONG)
    CommitmentFactory(resolution=resolution, community=community, text=LONG)
    plan = AdoptedPlanFactory(
        community=community, start_year=BUSY_PLAN_YEAR, end_year=BUSY_PLAN_YEAR + 2
    )
    PlanMeasureFactory(plan=plan, description=LONG)
    ServiceContractFactory(
        community=community,
        amount=Decimal("12500000.00"),
        contract_date=datetime.date(this_year, 1, 15),
        period_start=datetime.date(this_year, 1, 15),
        period_end=datetime.date(this_year, 12, 31),
    )
    programme = LocalProgrammeFactory(community=community)
    BudgetLineFactory(
        programme=programme,
        year=this_year,
        planned=Decimal("12500000.00"),
        spent=Decimal("11250000.00"),
    )
    catalogue_load()  # the monitoring rows make community A's reports


def _html_pages(role, cast):
    """Each row's URL, built just before its visit: rows create their own objects, and
    the plan rows each create community A's plan for the same year, the monitoring rows
    its report for the same quarter."""
    for row in ROWS:
        if row.method == "get" and row.expect[role] == 200 and row.name != "healthz":
            IdentificationPlan.objects.filter(community=cast.community_a).exclude(
                start_year=BUSY_PLAN_YEAR
            ).delete()
            MonitoringReport.objects.filter(community=cast.community_a).delete()
            yield row.name, reverse(row.name, kwargs=row.kwargs(cast)) + row.query


def _too_wide(page, live_server, pages, width, *, tables_fit=False):
    visited, too_wide = 0, {}
    for name, url in pages:
        try:
            response = page.goto(f"{live_server.url}{url}")
        except PlaywrightError as error:  # a file download is no page
            assert "Download is starting" in error.message
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[f"{name} {url}"] = scroll_width
        if tables_fit and (widest := page.evaluate(WIDEST_TABLE)) > 0:
            too_wide[f"{name} {url} (a table scrolls)"] = widest
    return visited, too_wide


def test_no_page_is_wider_than_a_phone_for_a_worker(browser_login, live_server, cast):
    _busy_community_a(cast)
    page = browser_login("worker_a")
    page.set_viewport_size(PHONE)
    visited, too_wide = _too_wide(page, live_server, _html_pages("worker_a", cast), PHONE["width"])
    assert visited > 30
    assert too_wide == {}


def test_no_page_is_wider_than_a_laptop_or_a_phone_for_staff(browser_login, live_server, cast):
    """On a laptop every table fits without scrolling; on a phone staff's pages (their
    row actions included) fit too."""
    _busy_community_a(cast)
    page = browser_login("staff")
    page.set_viewport_size(LAPTOP)
    visited, too_wide = _too_wide(
        page, live_server, _html_pages("staff", cast), LAPTOP["width"], tables_fit=True
    )
    assert visited > 50
    assert too_wide == {}
    # The top menu stays on one line: its height is that of a single nav link row.
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.querySelector('nav.navbar').offsetHeight") < 70
    page.set_viewport_size(PHONE)
    assert _too_wide(page, live_server, _html_pages("staff", cast), PHONE["width"])[1] == {}


def test_main_pages_pass_axe_core(browser_login, live_server, cast):
    """axe-core, as a social worker on a phone: no serious or critical violation."""
    _busy_community_a(cast)
    report = ReportFactory(community=cast.community_a)
    round_table = RoundTable.objects.get()
    page = browser_login("worker_a")
    page.set_viewport_size(PHONE)
    axe = Axe()
    violations = {}
    for url in (
        "/",
        reverse("communities:list"),
        cast.community_a.get_absolute_url(),
        reverse("roundtables:list"),
        round_table.get_absolute_url(),
        reverse("monitoring:report_list"),
        report.get_absolute_url(),
        reverse("communities:plan_overview"),
    ):
        page.goto(f"{live_server.url}{url}")
        found = axe.run(page).response["violations"]
        serious = [
            f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
            for violation in found
            if violation["impact"] in ("serious", "critical")
        ]
        if serious:
            violations[url] = serious
    assert violations == {}
