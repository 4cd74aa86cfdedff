"""Every list, dashboard and report page costs the same number of queries with 51 and with
1,000 communities: each test builds 51, counts the page's queries, grows the register to
1,000 (with plans, reports, invitations, commitments and people for every community),
counts again, and asserts both counts equal the exact number its comment explains."""

import pytest
from django.urls import reverse

from communities.plans.models import LocalProgramme
from league.tests.scale import Scale, query_count
from monitoring.models import MonitoringReport, ReportStatus
from monitoring.tests.factories import current_quarter, period_for

SMALL, LARGE = 51, 1000


def programme_url(scale):
    programme = LocalProgramme.objects.order_by("pk").first()
    return reverse("communities:programme_detail", args=[programme.pk])


def report_form_url(scale):
    report, _created = MonitoringReport.objects.get_or_create(
        community=scale.cast.community_a,
        period=period_for(*current_quarter()),
        defaults={"status": ReportStatus.DRAFT},
    )
    return report.get_absolute_url()


# (page, role, url or a function of the scale, exact queries). The SQL of each is listed
# in the comment beside it; "session, user" open every list.
PAGES = [
    # session, user, count, raions offered in the filter, the page (+raion, oblast)
    pytest.param("worker_a", reverse("communities:list"), 5, id="communities-list-worker"),
    pytest.param("staff", reverse("communities:list"), 5, id="communities-list"),
    # session, user, the community (+raion, oblast); the plans section: contracts, plans,
    # programmes; the round-table section: commitments, invitation counts; the monitoring
    # section: reports; former raions; contacts; the campaign section: the community's
    # stance, latest activities, their totals: 14
    pytest.param(
        "staff", lambda scale: scale.cast.community_a.get_absolute_url(), 14, id="community-detail"
    ),
    # session, user, the totals (which also give the paginator its count), the page with
    # all its subqueries, raions for the filter: 5
    pytest.param("staff", reverse("communities:plan_overview"), 5, id="plan-overview"),
    # session, user, count, raions for the filter, the page (+plan, community, raion): 5
    pytest.param("staff", reverse("communities:measure_overdue"), 5, id="measure-overdue"),
    # session, user, the programme (+community), money by year, budget lines: 5
    pytest.param("staff", programme_url, 5, id="programme-detail"),
    # session, user, count, the series' progress, former raions, the page with attendance
    # counts (the community filter is searched, drawing only the chosen): 6
    pytest.param("staff", reverse("roundtables:list"), 6, id="round-table-list"),
    # session, user, round table (+series, venue), invited communities, facilitators,
    # agenda, participations with people, resolutions, commitments, attachments, the
    # participant summary, the commitments this user may update: 12
    pytest.param(
        "staff",
        lambda scale: scale.round_tables[0].get_absolute_url(),
        12,
        id="round-table-detail",
    ),
    # session, user, count, the page, the commitments this user may update (the community
    # filter is searched): 5
    pytest.param("staff", reverse("roundtables:commitment_list"), 5, id="commitment-list"),
    # session, user, count, the page (+community): 4
    pytest.param("staff", reverse("roundtables:person_list"), 4, id="person-list"),
    # session, user, count, raions (filter), the page (+community, raion, period); the
    # start form's communities are searched: 5
    pytest.param("staff", reverse("monitoring:report_list"), 5, id="report-list"),
    # session, user, count (through the worker's communities), the periods open for entry,
    # the worker's communities, the page, raions (filter): 7
    pytest.param("worker_a", reverse("monitoring:report_list"), 7, id="report-list-worker"),
    # session, user, the report (+community, raion, period, last saver), catalogue, its
    # figures, earlier quarters' figures, rules, status log: 8
    pytest.param("worker_a", report_form_url, 8, id="report-form"),
    # session, user, oblasts (filter), periods, count, the page of communities, their
    # reports, communities per raion, rates per raion and period, raions (filter): 10
    pytest.param("staff", reverse("monitoring:completeness"), 10, id="completeness"),
    # session, user, default oblast, catalogue, oblast by id, catalogue, five GROUP BY
    # sums, reports per quarter, communities of the oblast, catalogue, the filter's
    # choices (oblasts twice, indicators, raions): 16
    pytest.param("staff", reverse("monitoring:aggregates"), 16, id="aggregates"),
    # session, user, the series' progress, the community count, and what waits for staff:
    # reports to review, overdue commitments and measures, coming round tables, the
    # project and its targets behind: 11
    pytest.param("staff", reverse("home"), 11, id="home"),
    # session, user, the series' progress, the community count, the project: 5
    pytest.param("council", reverse("home"), 6, id="home-council"),
]


@pytest.mark.parametrize(("role", "url", "expected"), PAGES)
def test_the_page_costs_the_same_for_51_and_1000_communities(cast, client_for, role, url, expected):
    scale = Scale(cast)
    scale.grow_to(SMALL)
    client = client_for(role)
    address = url(scale) if callable(url) else url
    small, small_sql = query_count(client, address)
    scale.grow_to(LARGE)
    large, large_sql = query_count(client, address)
    assert small == large, "\n".join(sql for sql in large_sql if sql not in small_sql)
    assert small == expected, "\n".join(small_sql)
