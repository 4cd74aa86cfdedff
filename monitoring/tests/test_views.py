"""Per-view tests: happy path and effect, the wrong community, too low a role, and the
query counts of the pages that must not grow with the number of communities."""

import datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Raion
from communities.tests.factories import OblastFactory
from league.models import User
from league.tests.factories import UserFactory
from monitoring.models import (
    DataValue,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    previous_quarter,
)
from monitoring.tests.factories import ReportFactory, current_quarter, period_for
from monitoring.tests.helpers import VALID_IDENTIFIED, post_form


def test_worker_list_offers_to_start_the_current_quarter(client_for, cast, catalogue):
    page = client_for("worker_a").get(reverse("monitoring:report_list")).content.decode()
    year, _quarter = current_quarter()
    assert 'id="to-do"' in page and cast.community_a.name in page
    assert cast.community_b.name not in page
    assert f'name="year" value="{year}"' in page


def test_start_creates_a_draft_once(client_for, cast, catalogue):
    year, quarter = current_quarter()
    client = client_for("worker_a")
    data = {
        "community": cast.community_a.pk,
        "year": year,
        "quarter": quarter,
        "form_token": uuid4(),
    }
    first = client.post(reverse("monitoring:report_start"), data)
    second = client.post(reverse("monitoring:report_start"), data)
    report = MonitoringReport.objects.get()
    assert first.url == second.url == report.get_absolute_url()
    assert report.status == ReportStatus.DRAFT and report.community == cast.community_a
    assert report.history.get().history_user == cast.worker_a


def test_start_refuses_a_future_quarter(client_for, cast):
    year, quarter = previous_quarter(*current_quarter(), steps=-1)
    client_for("worker_a").post(
        reverse("monitoring:report_start"),
        {"community": cast.community_a.pk, "year": year, "quarter": quarter, "form_token": uuid4()},
    )
    assert not MonitoringReport.objects.exists()


def test_start_for_another_community_is_404(client_for, cast):
    year, quarter = current_quarter()
    response = client_for("worker_b").post(
        reverse("monitoring:report_start"),
        {"community": cast.community_a.pk, "year": year, "quarter": quarter, "form_token": uuid4()},
    )
    assert response.status_code == 404 and not MonitoringReport.objects.exists()


def test_worker_changing_the_id_reaches_nothing_of_another_community(client_for, cast, catalogue):
    own = ReportFactory(community=cast.community_b)
    other = ReportFactory(community=cast.community_a)
    DataValue.objects.create(report=other, indicator=catalogue["IDENTIFIED"], value=7)
    client = client_for("worker_b")
    assert client.get(reverse("monitoring:report_detail", args=[own.pk])).status_code == 200
    for name in ("report_detail", "report_history"):
        assert client.get(reverse(f"monitoring:{name}", args=[other.pk])).status_code == 404
    response = post_form(client, other, IDENTIFIED=1)
    assert response.status_code == 404
    assert DataValue.objects.get(report=other).value == 7


def test_council_has_no_report_pages(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    client = client_for("council")
    for url in (
        reverse("monitoring:report_list"),
        reverse("monitoring:report_detail", args=[report.pk]),
        reverse("monitoring:completeness"),
        reverse("monitoring:aggregates"),
    ):
        assert client.get(url).status_code == 403


def test_form_is_generated_from_the_catalogue_with_privacy_notes(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    page = client_for("worker_a").get(report.get_absolute_url()).content.decode()
    assert len(catalogue) >= 10  # else the loop below would check nothing
    for code in catalogue:
        assert f'id="indicator-{code}"' in page
    assert 'name="IDENTIFIED__exploitation__labour"' in page
    assert 'inputmode="numeric"' in page and 'inputmode="decimal"' in page
    assert "monitoring/report_form.js" in page
    assert "<script>" not in page and 'style="' not in page


def test_new_indicator_appears_in_form_validation_export_and_aggregates(
    client_for, cast, catalogue
):
    from monitoring.models import Indicator, ValidationRule

    Indicator.objects.create(
        code="HOTLINE_CALLS",
        name_uk="Дзвінки на гарячу лінію",
        name_en="Hotline calls",
        section="prevention",
        value_type="events",
        by_scope=True,
    )
    ValidationRule.objects.create(
        code="CALLS_BY_SCOPE",
        left="HOTLINE_CALLS[scope=*]",
        operator="==",
        right="HOTLINE_CALLS",
        severity="error",
        message_uk="Сума ({left}) ≠ ({right}).",
        message_en="Sum ({left}) differs from ({right}).",
    )
    report = ReportFactory(community=cast.community_a)
    client = client_for("worker_a")
    assert (
        'name="HOTLINE_CALLS__scope__internal"'
        in client.get(report.get_absolute_url()).content.decode()
    )
    post_form(client, report, action="submit", HOTLINE_CALLS=3, HOTLINE_CALLS__scope__internal=1)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert "Сума (1) ≠ (3)." in client.get(report.get_absolute_url()).content.decode()
    post_form(
        client,
        report,
        action="submit",
        HOTLINE_CALLS=3,
        HOTLINE_CALLS__scope__internal=1,
        HOTLINE_CALLS__scope__transnational=2,
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    staff = client_for("staff")
    staff.post(reverse("monitoring:report_approve", args=[report.pk]))
    export = b"".join(
        staff.get(
            reverse("monitoring:export"), {"format": "csv", "year": report.period.year}
        ).streaming_content
    ).decode("utf-8-sig")
    assert "HOTLINE_CALLS,scope=transnational,2" in export
    page = staff.get(reverse("monitoring:aggregates"), {"year": report.period.year}).content
    assert "Дзвінки на гарячу лінію" in page.decode()


def test_bad_figures_show_a_message_and_write_nothing(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    response = post_form(client_for("worker_a"), report, IDENTIFIED="-3", STATUS_APPLIED="два")
    assert response.status_code == 400
    assert not DataValue.objects.exists()
    report.refresh_from_db()
    assert report.version == 1


def test_history_page_lists_every_change(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a)
    post_form(client_for("worker_a"), report, **VALID_IDENTIFIED)
    report.refresh_from_db()
    post_form(client_for("worker_a"), report, **{**VALID_IDENTIFIED, "IDENTIFIED__age__adult": 1})
    page = (
        client_for("worker_a")
        .get(reverse("monitoring:report_history", args=[report.pk]))
        .content.decode()
    )
    assert str(cast.worker_a) in page
    # Names and labels, the old figure beside the new one; no codes.
    assert "Особи, виявлені як такі, що могли постраждати від торгівлі людьми: дорослі" in page
    assert "жінки та дівчата" in page
    assert "2 → 1" in page
    assert "IDENTIFIED" not in page and "sex=female" not in page and "None" not in page


def test_import_and_export_pages_render_for_staff(client_for, catalogue):
    client = client_for("staff")
    assert client.get(reverse("monitoring:export")).status_code == 200
    assert client.get(reverse("monitoring:import")).status_code == 200
    assert client.get(reverse("monitoring:extension_create")).status_code == 200


def test_community_page_lists_its_reports(client_for, cast, catalogue):
    ReportFactory(community=cast.community_a)
    page = (
        client_for("worker_a")
        .get(reverse("communities:detail", args=[cast.community_a.pk]))
        .content.decode()
    )
    assert 'id="monitoring"' in page
    council = client_for("council").get(reverse("communities:detail", args=[cast.community_a.pk]))
    assert 'id="monitoring"' not in council.content.decode()


# Query counts ----------------------------------------------------------------------------


def populate(communities: int, quarters: int = 8):
    """`communities` communities in 5 raions, each with an approved report and a few
    figures for each of the last `quarters` quarters. Bulk inserts: a few seconds at most."""
    from monitoring.models import Indicator

    oblast = OblastFactory()
    raions = Raion.objects.bulk_create(
        [Raion(oblast=oblast, name=f"Район {number}") for number in range(5)]
    )
    Community.objects.bulk_create(
        [
            Community(
                katottg=f"UA59{number + 900000:015d}",
                name=f"Громада {number:04d}",
                type="rural",
                raion=raions[number % 5],
                centre=f"Село {number}",
            )
            for number in range(communities)
        ]
    )
    keys = [previous_quarter(*current_quarter(), steps) for steps in range(quarters)]
    periods = [period_for(*key) for key in keys]
    community_list = list(Community.objects.all())
    now = timezone.now() - datetime.timedelta(days=1)
    MonitoringReport.objects.bulk_create(
        [
            MonitoringReport(
                community=community, period=period, status="approved", first_submitted_at=now
            )
            for community in community_list
            for period in periods
        ]
    )
    indicators = list(Indicator.objects.filter(code__in=["IDENTIFIED", "PREVENTION_EVENTS"]))
    DataValue.objects.bulk_create(
        [
            DataValue(report_id=report_id, indicator=indicator, value=Decimal(report_id % 3))
            for report_id in MonitoringReport.objects.values_list("pk", flat=True)
            for indicator in indicators
        ],
        batch_size=2000,
    )
    return community_list, periods


# One size here; league/tests/test_scale.py measures each page at 51 and at 1,000 communities
# and compares the two.
SIZES = [pytest.param(51, id="51-communities")]


@pytest.mark.parametrize("size", SIZES)
def test_report_form_query_count(client, catalogue, size, django_assert_num_queries):
    communities, periods = populate(size)
    worker = UserFactory(role=User.Role.WORKER, communities=[communities[0]])
    report = MonitoringReport.objects.get(community=communities[0], period=periods[0])
    report.status = ReportStatus.DRAFT
    report.save()
    client.force_login(worker)
    # session, user, report (+community, raion, period, last saver), catalogue, the
    # report's figures, earlier quarters' figures, rules, status log: 8.
    with django_assert_num_queries(8):
        response = client.get(report.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_completeness_query_count(client, catalogue, size, django_assert_num_queries):
    populate(size)
    client.force_login(UserFactory(role=User.Role.STAFF))
    # session, user, the oblasts of the communities, the year's periods, the paginator's
    # count, the page of communities, their reports, communities per raion, the GROUP BY
    # of rates per raion and period, the raions offered in the filter: 10.
    with django_assert_num_queries(10):
        response = client.get(reverse("monitoring:completeness"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_aggregates_query_count(client, catalogue, size, django_assert_num_queries):
    populate(size)
    client.force_login(UserFactory(role=User.Role.STAFF))
    # session, user; the default oblast, the catalogue for the default indicator; the
    # oblast again by id, the catalogue again; five GROUP BY sums; reports per quarter;
    # communities of the oblast; the catalogue for the table; the filter's choices
    # (oblasts twice, indicators, raions): 16.
    with django_assert_num_queries(16):
        response = client.get(reverse("monitoring:aggregates"))
    assert response.status_code == 200
    assert "Громада 0000" in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_report_list_query_count(client, catalogue, size, django_assert_num_queries):
    populate(size)
    client.force_login(UserFactory(role=User.Role.STAFF))
    # session, user, the paginator's count, the raions offered in the filter, the page of
    # reports (+community, raion, period); the start form's communities are searched: 5.
    with django_assert_num_queries(5):
        response = client.get(reverse("monitoring:report_list"))
    assert response.status_code == 200


def test_periods_have_ordered_dates(db):
    period = ReportingPeriod.for_quarter(2026, 4)
    assert (period.starts_on, period.ends_on) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    assert period.deadline == datetime.date(2027, 1, 20)
    period.full_clean()


def test_quarters_read_the_ukrainian_way_in_ukrainian_and_q1_in_english():
    from django.utils import translation

    from monitoring.models import ReportingPeriod, quarter_label

    with translation.override("uk"):
        assert quarter_label(1, 2026) == "I кв. 2026"
        assert quarter_label(4) == "IV кв."
        assert str(ReportingPeriod(year=2025, quarter=3)) == "III кв. 2025"
    with translation.override("en"):
        assert quarter_label(1, 2026) == "Q1 2026"


def test_a_locked_report_shows_its_figures_formatted(client_for, cast, catalogue):
    report = ReportFactory(community=cast.community_a, status=ReportStatus.APPROVED)
    DataValue.objects.create(report=report, indicator=catalogue["BUDGET_SPENT"], value=50000)
    DataValue.objects.create(report=report, indicator=catalogue["IDENTIFIED"], value=1234)
    page = client_for("worker_a").get(reverse("monitoring:report_detail", args=[report.pk]))
    page = page.content.decode().replace("\xa0", " ")
    assert 'value="50 000,00"' in page
    assert 'value="1 234"' in page
    assert "50000.00" not in page and 'value="1234"' not in page


@pytest.mark.parametrize(("year", "quarter"), [("20255", "1"), ("2025", "5"), ("²⁰²⁵", "1")])
def test_start_with_an_impossible_quarter_says_so(year, quarter, client_for, cast):
    response = client_for("worker_a").post(
        reverse("monitoring:report_start"),
        {"community": cast.community_a.pk, "year": year, "quarter": quarter},
        follow=True,
    )
    assert response.status_code == 200
    assert "Звіт не розпочато" in response.content.decode()
    assert not MonitoringReport.objects.exists()
