"""The report form on a phone: findings name their indicator and link to its field, a
blank field is no jump to 0, the previous quarter's figure is shown only where there is
one, and reviewers are not asked to explain."""

import pytest
from django.urls import reverse

from monitoring.models import DataValue, MonitoringReport, ReportStatus
from monitoring.selectors import report_check
from monitoring.tests.factories import ReportFactory, current_quarter, period_for
from monitoring.tests.helpers import post_form

EXPLAIN_PROMPT = "поясніть наприкінці форми перед поданням"


@pytest.fixture
def report(cast, catalogue):
    return ReportFactory(community=cast.community_a)


@pytest.fixture
def earlier(cast, catalogue):
    """Last quarter's approved report: 6 prevention events, nothing else."""
    year, quarter = current_quarter()
    year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    report = ReportFactory(
        community=cast.community_a, period=period_for(year, quarter), status=ReportStatus.APPROVED
    )
    DataValue.objects.create(report=report, indicator=catalogue["PREVENTION_EVENTS"], value=6)
    return report


def _page(client, report):
    return client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()


def test_a_warning_names_its_indicators_and_links_to_their_fields(client_for, report):
    client = client_for("worker_a")
    post_form(client, report, PREVENTION_EVENTS=3, PREVENTION_REACHED=1)
    page = _page(client, report)
    warnings = page.split('id="check-warnings"')[1].split("</div>")[0]
    assert '<a href="#id_PREVENTION_REACHED" class="alert-link">Охоплено профілактичними' in (
        warnings
    )
    assert 'href="#id_PREVENTION_EVENTS"' in warnings
    assert "Охоплено осіб (1) менше, ніж проведено заходів (3)." in warnings
    assert 'id="id_PREVENTION_REACHED"' in page  # the link's target exists


def test_a_blank_field_is_no_jump_to_zero(catalogue, report, earlier):
    assert report_check(report).warnings == []  # nothing entered yet
    DataValue.objects.create(report=report, indicator=catalogue["PREVENTION_EVENTS"], value=None)
    assert report_check(report).warnings == []
    # A figure that is there is still compared: 0 against an average of 6.
    DataValue.objects.filter(report=report).update(value=0)
    (jump,) = report_check(report).warnings
    assert jump.codes == {"PREVENTION_EVENTS"}


def test_the_previous_figure_is_shown_only_where_there_is_one(client_for, report, earlier):
    page = _page(client_for("worker_a"), report)
    assert page.count("Попередній квартал:") == 1
    assert "Попередній квартал: 6" in page
    assert "Попередній квартал: —" not in page


def test_reviewers_are_not_asked_to_explain(client_for, report):
    post_form(
        client_for("worker_a"),
        report,
        action="submit",
        explanation="Захід для фахівців.",
        PREVENTION_EVENTS=3,
        PREVENTION_REACHED=1,
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    staff_page = _page(client_for("staff"), report)
    assert "пояснення громади — наприкінці форми" in staff_page
    assert EXPLAIN_PROMPT not in staff_page
    # The social worker, whose draft it was, is asked.
    MonitoringReport.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    assert EXPLAIN_PROMPT in _page(client_for("worker_a"), report)
