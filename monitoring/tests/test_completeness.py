"""The completeness matrix and its rates on a small hand-made data set."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.models import User
from league.tests.factories import UserFactory
from monitoring import selectors
from monitoring.tests.factories import ReportFactory, period_for

YEAR = 2025


def _at(day: datetime.date, late_days: int = 0):
    moment = datetime.datetime.combine(day + datetime.timedelta(days=late_days), datetime.time(9))
    return timezone.make_aware(moment)


@pytest.fixture
def data(db):
    """Raion «Перший»: c1, c2. Raion «Другий»: c3, which reports everything on time."""
    oblast = OblastFactory()
    first = RaionFactory(oblast=oblast, name="Перший")
    second = RaionFactory(oblast=oblast, name="Другий")
    c1 = CommunityFactory(raion=first, name="Альфа")
    c2 = CommunityFactory(raion=first, name="Бета")
    c3 = CommunityFactory(raion=second, name="Гамма")
    q = {quarter: period_for(YEAR, quarter) for quarter in range(1, 5)}

    def report(community, quarter, status, late_days=None):
        submitted = None if late_days is None else _at(q[quarter].deadline, late_days)
        return ReportFactory(
            community=community, period=q[quarter], status=status, first_submitted_at=submitted
        )

    report(c1, 1, "approved", 0)
    report(c1, 2, "submitted", 5)
    report(c1, 3, "returned", 0)
    report(c2, 1, "approved", 3)
    report(c2, 2, "draft")
    report(c2, 4, "submitted", 0)
    for quarter in range(1, 5):
        report(c3, quarter, "approved", 0)
    return {"c1": c1, "c2": c2, "c3": c3, "first": first, "second": second}


def _percentages(row):
    return [(rate.complete_percent, rate.on_time_percent) for rate in row["periods"]], (
        row["total"].complete_percent,
        row["total"].on_time_percent,
    )


def test_rates_per_raion_and_oblast(data):
    periods = selectors.periods_of_year(YEAR)
    rates = selectors.completeness_rates(Community.objects.all(), periods)
    raions = {row["label"]: row for row in rates["raions"]}
    assert _percentages(raions["Перший"]) == (
        [(100.0, 50.0), (50.0, 0.0), (0.0, 0.0), (50.0, 50.0)],
        (50.0, 25.0),
    )
    assert _percentages(raions["Другий"]) == ([(100.0, 100.0)] * 4, (100.0, 100.0))
    (oblast,) = rates["oblasts"]
    assert oblast["total"].expected == 12
    assert (oblast["total"].complete, oblast["total"].on_time) == (8, 6)
    assert (oblast["total"].complete_percent, oblast["total"].on_time_percent) == (66.7, 50.0)


def test_matrix_cells(data):
    periods = selectors.periods_of_year(YEAR)
    communities = Community.objects.order_by("name")
    rows = {
        row.community.name: row for row in selectors.completeness_matrix(None, communities, periods)
    }
    assert [(cell.status, cell.late) for cell in rows["Альфа"].cells] == [
        ("approved", False),
        ("submitted", True),
        ("returned", True),
        ("late", False),
    ]
    assert [(cell.status, cell.late) for cell in rows["Бета"].cells] == [
        ("approved", True),
        ("late", True),
        ("late", False),
        ("submitted", False),
    ]
    assert [cell.status for cell in rows["Гамма"].cells] == ["approved"] * 4


def test_current_quarter_not_started_is_not_late_before_the_deadline(db):
    community = CommunityFactory()
    today = timezone.localdate()
    periods = selectors.periods_of_year(today.year)
    rows = selectors.completeness_matrix(None, Community.objects.filter(pk=community.pk), periods)
    assert rows[0].cells[-1].status == "not_started"


def test_staff_page_shows_the_matrix_and_rates(client, data, django_assert_num_queries):
    client.force_login(UserFactory(role=User.Role.STAFF))
    # session, user, the oblasts of the communities, the year's periods, the paginator's
    # count, the page of communities, their reports, communities per raion, the GROUP BY
    # of rates per raion and period, the raions offered in the filter: 10.
    with django_assert_num_queries(10):
        response = client.get(reverse("monitoring:completeness"), {"year": YEAR})
    page = response.content.decode()
    assert response.status_code == 200
    assert "66,7 %" in page
    assert "Гамма" in page and 'id="rates"' in page


def test_one_oblast_at_a_time_the_first_by_default(client, data):
    # At national scale the page would otherwise draw every raion of the country.
    other = OblastFactory(name="Харківська", katottg="UA63000000000041885")
    CommunityFactory(raion=RaionFactory(oblast=other, name="Далекий"), name="Омега")
    client.force_login(UserFactory(role=User.Role.STAFF))
    url = reverse("monitoring:completeness")

    first = client.get(url, {"year": YEAR}).content.decode()
    chosen = client.get(url, {"year": YEAR, "oblast": other.pk}).content.decode()

    assert "Альфа" in first and "Гамма" in first and 'name="oblast"' in first
    assert "Омега" not in first and "Далекий" not in first
    assert "Омега" in chosen and "Далекий" in chosen and "Альфа" not in chosen
    assert "Перший" not in chosen  # neither in the rates nor among the raions offered


def test_a_raion_of_another_oblast_is_not_offered(client, data):
    other = OblastFactory(name="Харківська", katottg="UA63000000000041885")
    far = RaionFactory(oblast=other, name="Далекий")
    CommunityFactory(raion=far, name="Омега")
    client.force_login(UserFactory(role=User.Role.STAFF))

    response = client.get(reverse("monitoring:completeness"), {"year": YEAR, "raion": far.pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Оберіть правильний варіант" in page
    assert "Омега" not in page and "Альфа" in page


def test_raion_filter(client, data):
    client.force_login(UserFactory(role=User.Role.STAFF))
    page = client.get(
        reverse("monitoring:completeness"), {"year": YEAR, "raion": data["second"].pk}
    ).content.decode()
    assert "Гамма" in page and "Альфа" not in page


def test_worker_sees_only_own_rows_and_no_rates(client, data):
    worker = UserFactory(role=User.Role.WORKER, communities=[data["c1"]])
    client.force_login(worker)
    page = client.get(reverse("monitoring:completeness"), {"year": YEAR}).content.decode()
    assert "Альфа" in page
    assert "Бета" not in page and "Гамма" not in page
    assert 'id="rates"' not in page
