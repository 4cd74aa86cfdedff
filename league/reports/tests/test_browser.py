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
