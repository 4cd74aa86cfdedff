import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Raion
from communities.plans.tests.factories import AdoptedPlanFactory, LocalProgrammeFactory
from league.advocacy.tests.factories import MeetingFactory, MemorandumFactory
from league.campaign.tests.factories import AgreementFactory, StrategyFactory
from roundtables.tests.factories import RoundTableFactory


def _at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def events(cast):
    strategy = StrategyFactory(
        oblast=cast.oblast,
        title="Спільна стратегія",
        status="agreed",
        council_reference="№ 5",
        council_date=datetime.date(2017, 2, 1),
    )
    MemorandumFactory(oblast=cast.oblast, date_signed=datetime.date(2016, 10, 20))
    RoundTableFactory(
        venue_community=cast.community_a,
        invited=[cast.community_a],
        starts_at=_at(datetime.date(2017, 3, 15)),
        title="Круглий стіл у Сумах",
    )
    AgreementFactory(strategy=strategy, community=cast.community_b, date=datetime.date(2017, 4, 2))
    AdoptedPlanFactory(community=cast.community_a, decision_date=datetime.date(2018, 3, 15))
    LocalProgrammeFactory(
        community=cast.community_b, decision_date=datetime.date(2018, 1, 20), name="Програма Б"
    )
    MeetingFactory(
        oblast=cast.oblast,
        level="community",
        raion=cast.raion,
        community=cast.community_a,
        date=datetime.date(2017, 9, 1),
        topic="Кошти на допомогу",
    )
    return strategy


def test_every_dated_event_in_order(client_for, cast, events):
    response = client_for("staff").get(reverse("timeline:timeline"))
    assert [(event["date"], event["kind"]) for event in response.context["events"]] == [
        (datetime.date(2018, 3, 15), "plan"),
        (datetime.date(2018, 1, 20), "programme"),
        (datetime.date(2017, 9, 1), "meeting"),
        (datetime.date(2017, 4, 2), "agreement"),
        (datetime.date(2017, 3, 15), "round_table"),
        (datetime.date(2017, 2, 1), "strategy"),
        (datetime.date(2016, 10, 20), "memorandum"),
    ]
    first = response.context["events"][0]
    assert first["community"] == "Сумська"
    assert first["url"].startswith("/communities/plans/")


def test_filter_by_community_and_kind(client_for, cast, events):
    client = client_for("staff")
    url = reverse("timeline:timeline")
    of_a = client.get(url, {"raion": cast.raion.pk, "community": cast.community_a.pk})
    assert [event["kind"] for event in of_a.context["events"]] == [
        "plan",
        "meeting",
        "round_table",
    ]
    meetings = client.get(url, {"kind": "meeting"})
    assert [event["title"] for event in meetings.context["events"]] == ["Кошти на допомогу"]


def test_a_social_worker_sees_own_communities_events(client_for, cast, events):
    response = client_for("worker_b").get(reverse("timeline:timeline"))
    kinds = [event["kind"] for event in response.context["events"]]
    assert kinds == ["programme", "agreement", "strategy", "memorandum"]


def _more(cast, communities: int, meetings: int):
    raions = [Raion.objects.create(oblast=cast.oblast, name=f"Р{index}") for index in range(5)]
    Community.objects.bulk_create(
        Community(
            katottg=f"UA59{index + 11000:015d}",
            name=f"Громада {index}",
            type="rural",
            raion=raions[index % 5],
            centre="Село",
        )
        for index in range(communities)
    )
    for index in range(meetings):
        MeetingFactory(
            oblast=cast.oblast,
            level="community",
            raion=cast.raion,
            community=cast.community_a if index % 2 else cast.community_b,
            date=datetime.date(2017, 1, 1) + datetime.timedelta(days=index),
        )


@pytest.mark.parametrize(("communities", "meetings"), [(51, 3), (1000, 70)])
def test_the_timeline_costs_the_same_whatever_the_rows(
    client_for, cast, events, communities, meetings, django_assert_num_queries
):
    _more(cast, communities, meetings)
    client = client_for("staff")
    # session, user, raions for the filter, count, the page (one UNION), community names
    with django_assert_num_queries(6):
        response = client.get(reverse("timeline:timeline"))
    assert response.status_code == 200
