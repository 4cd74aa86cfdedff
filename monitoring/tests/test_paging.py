"""Pages of the report list without sorting every report (selectors.ReportPaginator)."""

from django.core.paginator import Paginator

from communities.tests.factories import CommunityFactory
from monitoring.models import MonitoringReport
from monitoring.selectors import ReportPaginator
from monitoring.tests.factories import ReportFactory, period_for


def test_every_page_holds_the_rows_of_a_full_sort(cast, django_assert_num_queries):
    communities = [cast.community_a, cast.community_b, *CommunityFactory.create_batch(5)]
    # Quarters created out of order, so that ids say nothing about time.
    for year, quarter in [(2024, 2), (2025, 1), (2023, 4), (2024, 4)]:
        period = period_for(year, quarter)
        for community in communities[: 3 + quarter]:
            ReportFactory(community=community, period=period)
    reports = MonitoringReport.objects.select_related("community", "period")
    expected = Paginator(reports.order_by(*ReportPaginator.ORDERING, "pk"), 4)
    paginator = ReportPaginator(reports, 4)

    assert paginator.count == expected.count == 5 + 4 + 7 + 7
    assert paginator.num_pages == expected.num_pages
    for number in expected.page_range:
        assert list(paginator.page(number)) == list(expected.page(number)), number
    # A page costs two queries: the count by quarter and its own rows.
    with django_assert_num_queries(2):
        list(ReportPaginator(reports, 4).get_page(6))


def test_an_empty_list_and_a_page_past_the_end(cast):
    reports = MonitoringReport.objects.all()
    assert list(ReportPaginator(reports, 25).get_page(1)) == []
    ReportFactory(community=cast.community_a, period=period_for(2025, 2))
    assert len(ReportPaginator(reports, 25).get_page(99)) == 1
