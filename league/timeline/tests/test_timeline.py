import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Raion
from communities.plans.tests.factories import AdoptedPlanFactory, LocalProgrammeFactory
from communities.tests.factories import OblastFactory
from league.advocacy.tests.factories import MeetingFactory, MemorandumFactory
from league.campaign.tests.factories import AgreementFactory, StrategyFactory
from league.reports.tests.factories import IssuedReportFactory
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


def _other_oblast():
    return OblastFactory(katottg="UA18000000000041385", name="Житомирська")


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
@pytest.mark.parametrize("role", ["staff", "council"])
def test_the_timeline_costs_the_same_whatever_the_rows(
    client_for, cast, events, communities, meetings, role, django_assert_num_queries
):
    _more(cast, communities, meetings)
    other = _other_oblast()
    for index in range(meetings):
        IssuedReportFactory(
            oblast=cast.oblast if index % 2 else other,
            issued_at=_at(datetime.date(2018, 1, 1) + datetime.timedelta(days=index)),
        )
    client = client_for(role)
    # session, user, raions for the filter, count, the page (one UNION), community names
    with django_assert_num_queries(6):
        response = client.get(reverse("timeline:timeline"))
    assert response.status_code == 200
    assert len(response.context["events"]) == min(50, response.context["page"].paginator.count)


def test_each_issued_report_is_an_event_of_its_oblast_only(client_for, cast, events):
    ours = IssuedReportFactory(
        oblast=cast.oblast,
        number="2026-Q1-007",
        title="Звіт про хід проєкту: Сумська область",
        issued_at=_at(datetime.date(2019, 5, 6)),
    )
    theirs = IssuedReportFactory(
        oblast=_other_oblast(),
        number="2026-Q1-008",
        title="Звіт про хід проєкту: Житомирська область",
        issued_at=_at(datetime.date(2019, 5, 7)),
    )
    url = reverse("timeline:timeline")
    staff = client_for("staff").get(url, {"kind": "report"})
    assert [event["title"] for event in staff.context["events"]] == [
        "2026-Q1-008 · Звіт про хід проєкту: Житомирська область",
        "2026-Q1-007 · Звіт про хід проєкту: Сумська область",
    ]
    council = client_for("council").get(url)
    first = council.context["events"][0]
    assert (first["date"], first["kind"], first["url"]) == (
        datetime.date(2019, 5, 6),
        "report",
        reverse("reports:issued_detail", args=[ours.pk]),
    )
    page = council.content.decode()
    assert "2026-Q1-007 · Звіт про хід проєкту: Сумська область" in page
    assert "видано звіт для ради" in page
    assert theirs.number not in page
    # The link opens for the council official.
    assert client_for("council").get(first["url"]).status_code == 200
    # A social worker reads no register, so sees no issued report.
    worker = client_for("worker_a").get(url)
    assert "report" not in [event["kind"] for event in worker.context["events"]]


def test_a_communitys_timeline_holds_the_profiles_issued_for_it(client_for, cast, events):
    profile = IssuedReportFactory(
        oblast=cast.oblast,
        community=cast.community_a,
        kind="profile",
        issued_at=_at(datetime.date(2019, 1, 2)),
    )
    IssuedReportFactory(oblast=cast.oblast, issued_at=_at(datetime.date(2019, 1, 3)))
    response = client_for("staff").get(
        reverse("timeline:timeline"),
        {"raion": cast.raion.pk, "community": cast.community_a.pk, "kind": "report"},
    )
    assert [event["url"] for event in response.context["events"]] == [
        reverse("reports:issued_detail", args=[profile.pk])
    ]
    assert response.context["events"][0]["community"] == "Сумська"
