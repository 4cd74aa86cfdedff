"""The start page per role shows what is due, at a cost that does not grow with the
number of communities."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Raion
from communities.tests.factories import OblastFactory
from league.reports.tests.factories import IssuedReportFactory
from league.targets.tests.factories import IndicatorFactory, ProjectFactory
from league.tests.test_ukrainian_pages import release
from monitoring.models import MonitoringReport, ReportStatus
from monitoring.tests.factories import ReportFactory, period_for
from roundtables.tests.factories import CommitmentFactory, ResolutionFactory, RoundTableFactory


def _last_year_period():
    return period_for(timezone.localdate().year - 1, 4)


def test_a_returned_report_appears_on_the_social_workers_page(client_for, cast):
    today = timezone.localdate()
    # The current open quarter's report of community A, returned by staff.
    from monitoring.selectors import open_quarters

    year, quarter = open_quarters(today)[0]
    report = ReportFactory(
        community=cast.community_a, period=period_for(year, quarter), status=ReportStatus.RETURNED
    )
    response = client_for("worker_a").get(reverse("home"))
    first = response.context["reports_to_do"][0]
    assert (first["report"], first["returned"]) == (report, True)
    page = response.content.decode()
    assert "Повернуто вам: виправте й подайте знову" in page
    assert report.get_absolute_url() in page
    other = client_for("worker_b").get(reverse("home"))
    assert all(item["report"] != report for item in other.context["reports_to_do"])


def test_staff_see_reports_waiting_oldest_first_with_days_waited(client_for, cast):
    period = _last_year_period()
    older = ReportFactory(community=cast.community_a, period=period, status="submitted")
    newer = ReportFactory(community=cast.community_b, period=period, status="submitted")
    six_days_ago = timezone.localdate() - datetime.timedelta(days=6)
    noon = timezone.make_aware(datetime.datetime.combine(six_days_ago, datetime.time(12)))
    type(older).objects.filter(pk=older.pk).update(updated_at=noon)
    response = client_for("staff").get(reverse("home"))
    waited = (timezone.localdate() - six_days_ago).days  # 6; 7 once midnight has passed
    assert response.context["reports_waiting"] == [older, newer]
    assert response.context["reports_waiting"][0].waited_days == waited
    assert response.context["reports_waiting_count"] == 2
    assert f"чекає {waited} днів" in response.content.decode()


def test_overdue_commitments_show_for_staff_and_the_communitys_worker(client_for, cast):
    resolution = ResolutionFactory(
        round_table=RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])
    )
    commitment = CommitmentFactory(
        resolution=resolution,
        community=cast.community_a,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    staff = client_for("staff").get(reverse("home"))
    assert staff.context["commitments_overdue"] == [commitment]
    worker = client_for("worker_a").get(reverse("home"))
    assert worker.context["commitments_due"] == [commitment]
    assert client_for("worker_b").get(reverse("home")).context["commitments_due"] == []


def test_targets_behind_show_for_staff_and_council(client_for, cast):
    project = ProjectFactory(oblast=cast.oblast)
    behind = IndicatorFactory(
        project=project,
        name="Заходи кампанії",
        computation="campaign_activities",
        target=Decimal(10),
    )
    for role in ("staff", "council"):
        response = client_for(role).get(reverse("home"))
        assert [row.indicator for row in response.context["targets_behind"]] == [behind]
        assert "Заходи кампанії" in response.content.decode()


def test_a_social_worker_is_offered_to_record_campaign_activities(client_for, cast):
    page = client_for("worker_a").get(reverse("home")).content.decode()
    assert reverse("campaign:activity_create", args=[cast.community_a.pk]) in page
    assert reverse("campaign:activity_create", args=[cast.community_b.pk]) not in page


def _more_communities(oblast, count):
    raions = [Raion.objects.create(oblast=oblast, name=f"Р{index}") for index in range(5)]
    Community.objects.bulk_create(
        Community(
            katottg=f"UA59{index + 9000:015d}",
            name=f"Громада {index}",
            type="rural",
            raion=raions[index % 5],
            centre="Село",
        )
        for index in range(count)
    )


@pytest.mark.parametrize("count", [51, 1000])
@pytest.mark.parametrize(
    ("role", "queries"),
    [
        # session, user, series progress, community count, reports waiting (page, count),
        # overdue commitments (page, count), overdue measures, upcoming round tables,
        # project, its tasks, their activities, indicators, manual values,
        # campaign_activities
        ("staff", 15),
        # session, user, series progress, stored periods, communities (no stored period
        # here, so no report query), commitments due, overdue measures, campaign per
        # community, own communities (rendered by the template)
        ("worker_a", 9),
        # session, user, series progress, community count, project ... as staff,
        # the latest reports issued for the oblast
        ("council", 10),
    ],
)
def test_the_start_page_costs_the_same_for_51_and_1000_communities(
    client_for, cast, count, role, queries, django_assert_num_queries
):
    _more_communities(cast.oblast, count)
    project = ProjectFactory(oblast=cast.oblast)
    IndicatorFactory(project=project, computation="campaign_activities")
    # Issued reports, as many as the communities grow: the page shows the newest few.
    other = OblastFactory(katottg="UA18000000000041385", name="Житомирська")
    for index in range(count // 10):
        IssuedReportFactory(oblast=cast.oblast if index % 2 else other)
    client = client_for(role)
    with django_assert_num_queries(queries):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_a_council_official_starts_from_the_reports_issued_for_their_oblast(client_for, cast):
    now = timezone.now()
    ours = IssuedReportFactory(
        oblast=cast.oblast,
        number="2026-Q1-004",
        title="Звіт про моніторинг: Сумська область",
        issued_at=now - datetime.timedelta(days=2),
    )
    newer = IssuedReportFactory(
        oblast=cast.oblast,
        number="2026-Q1-006",
        title="Звіт про хід проєкту: Сумська область",
        issued_at=now - datetime.timedelta(days=1),
    )
    theirs = IssuedReportFactory(
        oblast=OblastFactory(katottg="UA18000000000041385", name="Житомирська"),
        number="2026-Q1-005",
        title="Звіт про моніторинг: Житомирська область",
    )
    response = client_for("council").get(reverse("home"))
    assert response.context["reports_issued"] == [newer, ours]
    page = response.content.decode()
    assert "Звіти, видані для вашої області" in page
    assert "Звіт про моніторинг: Сумська область" in page
    assert reverse("reports:issued_pdf", args=[ours.pk]) in page
    assert reverse("reports:issued_pdf", args=[newer.pk]) in page
    assert theirs.number not in page and reverse("reports:issued_pdf", args=[theirs.pk]) not in page
    # Next to the oblast's figures, and the download opens for them.
    assert reverse("reports:monitoring") in page
    download = client_for("council").get(reverse("reports:issued_pdf", args=[ours.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    release(download)
    # Staff and social workers start elsewhere.
    for role in ("staff", "worker_a"):
        assert "reports_issued" not in client_for(role).get(reverse("home")).context


def test_a_council_official_is_told_when_no_report_is_issued_yet(client_for, cast):
    page = client_for("council").get(reverse("home")).content.decode()
    assert "Жодного звіту ще не видано." in page


class _Forms(HTMLParser):
    """The forms of a page as the browser would send them: action and hidden inputs."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "data": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["data"][attrs["name"]] = attrs.get("value", "")


def test_the_start_button_on_the_workers_page_starts_the_report_once(client_for, cast):
    """The button posts what the page rendered, one-time token included: pressed twice, it
    lands both times on the one report it started."""
    client = client_for("worker_a")
    parser = _Forms()
    parser.feed(client.get(reverse("home")).content.decode())
    start = next(
        form for form in parser.forms if form["action"] == reverse("monitoring:report_start")
    )
    assert start["data"]["form_token"]
    first = client.post(start["action"], start["data"])
    report = MonitoringReport.objects.get(community=cast.community_a)
    assert first.status_code == 302 and first.url == report.get_absolute_url()
    again = client.post(start["action"], start["data"], follow=True)
    assert again.redirect_chain[-1][0] == report.get_absolute_url()
    assert MonitoringReport.objects.filter(community=cast.community_a).count() == 1
