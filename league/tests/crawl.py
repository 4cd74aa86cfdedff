"""The crawl: every page every role reaches, rendered once per test session.

The pages are the URL table's own (league/tests/test_url_access.py): every GET row that
answers the role with 200 and returns HTML, with a few records that have long texts and
overdue dates first, so tables and red rows have something in them. Beside them, the
error states reachable cheaply: each form page posted empty (the form with its errors)
and each role's first 403 and 404 page.

`crawled_pages` (conftest.py) builds the data, renders every page with Django's test
client inside one transaction that it rolls back, and hands the HTML to the crawl-wide
checks: vnu (test_valid_html.py) and axe-core in Chromium (test_accessibility_browser.py).
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities.plans.models import IdentificationPlan
from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    LocalProgrammeFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from communities.tests.factories import ContactPersonFactory
from league.targets.models import ManualValue
from league.targets.tests.factories import IndicatorFactory, ProjectFactory
from league.tests.access_matrix import ROLES, Row
from league.tests.test_url_access import ROWS
from monitoring.catalogue import catalogue_load
from monitoring.models import MonitoringReport, ReportStatus
from monitoring.tests.access_rows import REPORT_OF_A, report_of_a
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    ResolutionFactory,
    RoundTableFactory,
)

BUSY_PLAN_YEAR = 2010
LONG = "Забезпечити навчання фахівців центру надання адміністративних послуг"
# Pages the table reaches in one state only: a report is read-only once submitted.
STATES = [
    Row("monitoring:report_detail", REPORT_OF_A, kwargs=report_of_a(status))
    for status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
]
DOWNLOADS = (".pdf", ".xlsx", ".csv", ".json", ".zip")
# A form that posts back to the page itself: no action, an empty one, or the page's path.
FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    role: str
    name: str  # the URL pattern's name, with " (errors)" or the status for error states
    url: str
    html: str

    @property
    def slug(self) -> str:
        """A file name that tells the page apart from every other of the crawl."""
        plain = re.sub(r"[^A-Za-z0-9]+", "-", f"{self.role} {self.name} {self.url}")
        return plain.strip("-")


def busy_community_a(cast):
    """Rows in every table of community A's pages, overdue ones among them."""
    community = cast.community_a
    today = timezone.localdate()
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
    CommitmentFactory(
        resolution=resolution, community=community, due_date=today - datetime.timedelta(days=10)
    )
    plan = AdoptedPlanFactory(
        community=community, start_year=BUSY_PLAN_YEAR, end_year=BUSY_PLAN_YEAR + 2
    )
    PlanMeasureFactory(plan=plan, description=LONG)
    PlanMeasureFactory(plan=plan, deadline=today - datetime.timedelta(days=10))
    ServiceContractFactory(
        community=community,
        amount=Decimal("12500000.00"),
        contract_date=datetime.date(today.year, 1, 15),
        period_start=datetime.date(today.year, 1, 15),
        period_end=datetime.date(today.year, 12, 31),
    )
    programme = LocalProgrammeFactory(community=community)
    BudgetLineFactory(
        programme=programme,
        year=today.year,
        planned=Decimal("12500000.00"),
        spent=Decimal("11250000.00"),
    )
    # A target passed: its bar is full, not past its end.
    indicator = IndicatorFactory(project=ProjectFactory(oblast=cast.oblast), target=Decimal(2))
    ManualValue.objects.create(
        indicator=indicator, date=today, value=5, evidence="Лист", recorded_by=cast.staff
    )
    catalogue_load()  # the monitoring rows make community A's reports


def row_url(row, cast) -> str:
    """The row's URL, built just before its visit: rows create their own objects, and the
    plan rows each create community A's plan for the same year, the monitoring rows its
    report for the same quarter."""
    IdentificationPlan.objects.filter(community=cast.community_a).exclude(
        start_year=BUSY_PLAN_YEAR
    ).delete()
    MonitoringReport.objects.filter(community=cast.community_a).delete()
    return reverse(row.name, kwargs=row.kwargs(cast)) + row.query


def page_urls(role, cast):
    """(name, URL) of each row the role reads with 200 as a page: downloads (costly PDFs
    among them) and the health check are left out."""
    for row in ROWS + STATES:
        if row.method == "get" and row.expect[role] == 200 and row.name != "healthz":
            url = row_url(row, cast)
            if not url.split("?")[0].endswith(DOWNLOADS) and "format=" not in url:
                yield row.name, url


def _html(response) -> str | None:
    if response.streaming:
        # A download holds its file open: release it without closing the response, which
        # would close the database connection the crawl's transaction runs on.
        for closer in response._resource_closers:
            closer()
        response._resource_closers.clear()
        return None
    is_html = response.get("Content-Type", "").startswith("text/html")
    return response.content.decode() if is_html else None


def _posts_to_itself(html: str, url: str) -> bool:
    for tag in FORM_TAG.findall(html):
        if 'method="post"' not in tag.lower():
            continue
        action = re.search(r'action="([^"]*)"', tag)
        if action is None or action.group(1) in ("", url, url.split("?")[0]):
            return True
    return False


def _refusals(role, cast, client):
    """The role's first 403 page and first 404 page of the table, if it has one."""
    seen = set()
    for row in ROWS:
        status = row.expect[role]
        if row.method == "get" and status in (403, 404) and status not in seen:
            seen.add(status)
            url = row_url(row, cast)
            response = client.get(url)
            assert response.status_code == status, f"GET {url} as {role}"
            yield Page(role, str(status), url, _html(response))


def crawl_role(role, cast) -> list[Page]:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    pages = []
    for name, url in page_urls(role, cast):
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} as {role}"
        html = _html(response)
        if html is None:
            continue
        pages.append(Page(role, name, url, html))
        if _posts_to_itself(html, url):
            errors = client.post(url, {})
            if errors.status_code == 200 and (error_html := _html(errors)) is not None:
                pages.append(Page(role, f"{name} (errors)", url, error_html))
    pages.extend(_refusals(role, cast, client))
    return pages


def crawl(cast) -> list[Page]:
    busy_community_a(cast)
    return [page for role in ROLES for page in crawl_role(role, cast)]
