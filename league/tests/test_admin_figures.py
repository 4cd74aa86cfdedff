"""The admin shows a locked figure as the pages do: grouped digits in the active language,
money with kopiykas, counts whole («50 000,00», «2»), not Django's «50000,00»."""

from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.catalogue import catalogue_load
from monitoring.models import ReportStatus
from monitoring.tests.factories import DataValueFactory, ReportFactory

GROUPED = "50\xa0000,00"


@pytest.fixture
def approved(cast, settings):
    settings.MONITORING_SUBMIT_AFTER_QUARTER_END = False
    catalogue_load()
    report = ReportFactory(community=cast.community_a)
    services.report_save(
        report=report,
        figures={
            ("BUDGET_PLANNED", "", ""): Decimal("50000"),
            ("PREVENTION_EVENTS", "", ""): 2,
            ("PREVENTION_REACHED", "", ""): 40,
        },
        explanation="",
        version=report.version,
        user=cast.staff,
    )
    services.report_submit(report=report, user=cast.staff)
    services.report_approve(report=report, user=cast.staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    return report


def test_a_locked_reports_money_reads_grouped_on_its_admin_page(client_for, approved):
    page = client_for("staff").get(
        reverse("admin:monitoring_monitoringreport_change", args=[approved.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert GROUPED in text
    assert "50000,00" not in text and "50000.00" not in text
    # The figures are read-only rows (the report is approved): no input holds them.
    assert 'name="values-0-value"' not in text


def test_a_locked_figures_own_admin_page_reads_as_the_report_page(client_for, approved):
    money = approved.values.get(indicator__code="BUDGET_PLANNED")
    count = approved.values.get(indicator__code="PREVENTION_REACHED")
    client = client_for("staff")
    money_page = client.get(reverse("admin:monitoring_datavalue_change", args=[money.pk]))
    text = money_page.content.decode()
    assert GROUPED in text and "50000,00" not in text
    assert '<div class="readonly">' in text
    count_page = client.get(reverse("admin:monitoring_datavalue_change", args=[count.pk]))
    assert '<div class="readonly">40</div>' in count_page.content.decode()
    # In English, the English way.
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("admin:monitoring_datavalue_change", args=[money.pk]))
    assert '<div class="readonly">50,000.00</div>' in english.content.decode()


def test_an_open_figure_stays_an_input_in_the_admin(client_for, cast):
    catalogue_load()
    from monitoring.models import Indicator

    report = ReportFactory(community=cast.community_a)
    figure = DataValueFactory(
        report=report, indicator=Indicator.objects.get(code="BUDGET_PLANNED"), value=50000
    )
    text = (
        client_for("staff")
        .get(reverse("admin:monitoring_datavalue_change", args=[figure.pk]))
        .content.decode()
    )
    assert 'name="value"' in text
