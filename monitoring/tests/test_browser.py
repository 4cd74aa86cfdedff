"""A social worker fills in and submits a quarter on a phone; staff approve it."""

import pytest

from monitoring.models import DataValue, MonitoringReport, ReportStatus

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_submits_on_a_phone_and_staff_approve(browser_login, live_server, cast, catalogue):
    page = browser_login("worker_a")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/monitoring/")
    page.click("#to-do form button[type=submit]")
    page.wait_for_selector("#report-form")
    report = MonitoringReport.objects.get(community=cast.community_a)

    # The breakdowns fold away on a phone; the total fills in from the first one typed.
    page.click("#indicator-IDENTIFIED summary")
    page.fill("input[name=IDENTIFIED__sex__female]", "1")
    page.fill("input[name=IDENTIFIED__sex__male]", "1")
    assert page.input_value("input[name=IDENTIFIED]") == "2"
    assert "✓" in page.inner_text('[data-sum-for="IDENTIFIED:sex"]')
    page.fill("input[name=IDENTIFIED__age__adult]", "1")
    assert "≠" in page.inner_text('[data-sum-for="IDENTIFIED:age"]')
    page.fill("input[name=IDENTIFIED__age__adult]", "2")
    page.fill("input[name=IDENTIFIED__exploitation__labour]", "2")
    page.fill("input[name=STATUS_APPLIED]", "1")
    page.fill("input[name=STATUS_GRANTED]", "1")
    page.fill("input[name=PREVENTION_EVENTS]", "1")
    page.fill("input[name=PREVENTION_REACHED]", "35")
    page.fill("textarea[name=NARRATIVE]", "Провели зустріч зі старостами.")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("#submit-report")
    page.wait_for_url(f"{live_server.url}/monitoring/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (
        DataValue.objects.get(report=report, indicator__code="IDENTIFIED", dimension="").value == 2
    )

    page.context.clear_cookies()
    page = browser_login("staff")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    page.click("#approve-report")
    page.wait_for_selector(".alert-success")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert list(report.status_changes.values_list("to_status", flat=True)) == [
        "approved",
        "submitted",
    ]
