"""A council official logs in and downloads the latest issued report in two clicks."""

import pytest

from league.reports.models import IssuedReport
from league.reports.tests.factories import IssuedReportFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_council_official_downloads_the_latest_issued_report(browser_login, live_server, cast):
    IssuedReportFactory(oblast=cast.oblast, number="2025-Q1-001")
    latest = IssuedReportFactory(oblast=cast.oblast, number="2025-Q2-001")
    page = browser_login("council")

    page.click("button:has-text('Звіти')")  # the navigation's reports menu
    page.click("text=Видані звіти")
    page.wait_for_url(f"{live_server.url}/reports/issued/")
    first_row = page.locator("tbody tr").first
    assert "2025-Q2-001" in first_row.inner_text()
    with page.expect_download() as download_info:
        first_row.locator("text=PDF").click()
    download = download_info.value

    assert download.suggested_filename == "2025-Q2-001.pdf"
    with latest.file.open("rb") as stored, open(download.path(), "rb") as downloaded:
        assert downloaded.read() == stored.read()
    assert IssuedReport.objects.count() == 2


LAPTOP = {"width": 1366, "height": 768}
# Every table box on the page: how far its table reaches past the box, and the box's
# right edge.
BOXES = """Array.from(document.querySelectorAll('.table-responsive')).map(box => [
    box.scrollWidth - box.clientWidth, Math.round(box.getBoundingClientRect().right)])"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_council_figures_widest_range_fits_a_laptop(browser_login, live_server, cast, page):
    # Eight quarters (staff's range): the widest the tables get (past eight they go by
    # year), with every help kind and form of exploitation as a column, in Ukrainian's long
    # words; and the council's widest fixed period, the project to date, by year.
    from league.reports.periods import last_ended_quarter, to_date
    from monitoring.catalogue import catalogue_load

    catalogue_load()
    # The council reads the oblast's release (made at once: the test commits).
    from league.reports.services import release_request

    release_request(oblast=cast.oblast, requested_by=cast.staff)
    for role, query in (
        ("staff", "first_year=2024&first_quarter=1&last_year=2025&last_quarter=4"),
        ("council", f"period={to_date(last_ended_quarter()).code}"),
    ):
        page.context.clear_cookies()
        page = browser_login(role)
        page.set_viewport_size(LAPTOP)

        page.goto(f"{live_server.url}/reports/monitoring/?{query}")

        boxes = page.evaluate(BOXES)
        assert len(boxes) == 5  # totals, communities, forms, help, completeness
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
        assert all(overflow == 0 for overflow, _right in boxes), (role, boxes)
        assert all(right <= LAPTOP["width"] for _overflow, right in boxes)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_page_fits_a_phone(page, live_server, small_oblast, cast):
    """An anonymous visitor on a 390 px phone: the page never scrolls sideways (its wide
    tables scroll in their own boxes)."""
    from league.reports import services
    from league.reports.tests.conftest import YEAR

    # A year: the widest fixed period short of the project's whole time.
    params = {"oblast": small_oblast["oblast"].pk, "first": [YEAR, 1], "last": [YEAR, 4]}
    services.report_issue(
        kind=IssuedReport.Kind.MONITORING,
        params=params,
        issued_by=cast.staff,
        base_url=live_server.url,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/public/")
    assert page.locator("#public-figures").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
