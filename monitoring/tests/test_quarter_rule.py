"""A quarter that has not ended cannot be submitted or approved (drafts may start early):
MONITORING_SUBMIT_AFTER_QUARTER_END, with a message saying when it can."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import MonitoringReport, ReportStatus, StatusChange
from monitoring.tests.factories import ReportFactory, current_quarter, period_for
from monitoring.tests.helpers import VALID_IDENTIFIED, post_form

NOT_OVER = "ще не завершився"


@pytest.fixture(autouse=True)
def quarter_rule_on(settings, quarters_may_end_today):
    settings.MONITORING_SUBMIT_AFTER_QUARTER_END = True


@pytest.fixture
def current_report(cast, catalogue):
    return ReportFactory(community=cast.community_a, period=period_for(*current_quarter()))


@pytest.fixture
def ended_report(cast, catalogue):
    """Last quarter's report, its entry held open for a while yet."""
    year, quarter = current_quarter()
    year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    period = period_for(
        year, quarter, entry_closes_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    return ReportFactory(community=cast.community_a, period=period)


def test_a_worker_cannot_submit_a_quarter_that_is_not_over(client_for, current_report):
    client = client_for("worker_a")
    response = post_form(client, current_report, action="submit", **VALID_IDENTIFIED)
    page = client.get(response.url).content.decode()
    assert NOT_OVER in page
    current_report.refresh_from_db()
    assert current_report.status == ReportStatus.DRAFT  # saved as a draft, not submitted
    assert not StatusChange.objects.exists()
    # The form offers no submit button until then, and says why above the buttons.
    assert 'id="submit-report"' not in page
    assert page.index('id="quarter-not-over"') < page.index('name="action" value="save"')


def test_staff_cannot_approve_a_quarter_that_is_not_over(client_for, current_report):
    MonitoringReport.objects.filter(pk=current_report.pk).update(
        status=ReportStatus.SUBMITTED, first_submitted_at=timezone.now()
    )
    client = client_for("staff")
    url = reverse("monitoring:report_approve", args=[current_report.pk])
    page = client.post(url, follow=True).content.decode()
    assert NOT_OVER in page and 'id="approve-report"' not in page
    current_report.refresh_from_db()
    assert current_report.status == ReportStatus.SUBMITTED
    assert not StatusChange.objects.exists()


def test_the_service_names_the_last_day(cast, current_report):
    with pytest.raises(services.MonitoringError) as refused:
        services.report_submit(report=current_report, user=cast.worker_a)
    assert refused.value.code == "quarter_not_over"
    assert current_report.period.ends_on.strftime("%d.%m.%Y") in refused.value.message


def test_an_ended_quarter_is_submitted_and_approved(client_for, ended_report):
    post_form(client_for("worker_a"), ended_report, action="submit", **VALID_IDENTIFIED)
    ended_report.refresh_from_db()
    assert ended_report.status == ReportStatus.SUBMITTED
    client_for("staff").post(reverse("monitoring:report_approve", args=[ended_report.pk]))
    ended_report.refresh_from_db()
    assert ended_report.status == ReportStatus.APPROVED


def test_the_rule_is_a_setting(settings, cast, current_report):
    settings.MONITORING_SUBMIT_AFTER_QUARTER_END = False
    assert services.quarter_open_refusal(current_report.period) is None
