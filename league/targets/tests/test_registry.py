"""Each named computation on a small hand-made data set, with exact values, and again
after the records change."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    ServiceContractFactory,
)
from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.advocacy.tests.factories import MeetingFactory
from league.campaign.tests.factories import ActivityFactory, AgreementFactory, StrategyFactory
from league.targets import registry
from monitoring.catalogue import catalogue_load
from monitoring.models import Indicator as MonitoringIndicator
from monitoring.models import ReportStatus
from monitoring.tests.factories import DataValueFactory, ReportFactory, period_for
from roundtables.models import Participation
from roundtables.tests.factories import (
    ParticipationFactory,
    PersonFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)


@pytest.fixture
def oblast(cast):
    return cast.oblast


@pytest.fixture
def elsewhere(db):
    """A community of another oblast: its records must never count."""
    other = OblastFactory(katottg="UA18000000000041385", name="Житомирська")
    return CommunityFactory(raion=RaionFactory(oblast=other))


def test_every_computation_is_registered_once_with_a_method_and_a_link(oblast):
    assert len(registry.COMPUTATIONS) == 15
    for computation in registry.COMPUTATIONS.values():
        assert str(computation.method)
        assert computation.link(oblast).startswith("/")


def test_round_tables_held_and_communities_represented(cast, oblast, elsewhere):
    series = RoundTableSeriesFactory(oblast=oblast)
    held = RoundTableFactory(series=series, venue_community=cast.community_a)
    RoundTableFactory(series=series, venue_community=cast.community_a, status="planned")
    ParticipationFactory(
        round_table=held,
        person=PersonFactory(community=cast.community_a),
        status=Participation.Status.ATTENDED,
    )
    ParticipationFactory(
        round_table=held,
        person=PersonFactory(community=cast.community_b),
        status=Participation.Status.ABSENT,
    )
    assert registry.round_tables_held(oblast) == 1
    assert registry.communities_represented(oblast) == 1
    second = RoundTableFactory(series=series, venue_community=cast.community_b)
    ParticipationFactory(
        round_table=second,
        person=PersonFactory(community=cast.community_b),
        status=Participation.Status.ATTENDED,
    )
    assert registry.round_tables_held(oblast) == 2
    assert registry.communities_represented(oblast) == 2


def test_communities_that_agreed_to_the_strategy(cast, oblast, elsewhere):
    first, second = StrategyFactory(oblast=oblast), StrategyFactory(oblast=oblast)
    AgreementFactory(strategy=first, community=cast.community_a, stance="agreed")
    AgreementFactory(strategy=second, community=cast.community_a, stance="joined")
    AgreementFactory(strategy=first, community=cast.community_b, stance="declined")
    assert registry.communities_agreed_strategy(oblast) == 1
    AgreementFactory(strategy=second, community=cast.community_b, stance="joined")
    assert registry.communities_agreed_strategy(oblast) == 2


def test_plans_money_and_contracts(cast, oblast, elsewhere):
    AdoptedPlanFactory(community=cast.community_a)
    IdentificationPlanFactory(community=cast.community_b)
    AdoptedPlanFactory(community=elsewhere)
    programme = LocalProgrammeFactory(community=cast.community_a)
    BudgetLineFactory(
        programme=programme,
        purpose="assistance",
        planned=Decimal("1000.00"),
        spent=Decimal("250.50"),
    )
    BudgetLineFactory(
        programme=programme,
        purpose="prevention",
        planned=Decimal("500.00"),
        spent=Decimal("0.00"),
    )
    b_programme = LocalProgrammeFactory(community=cast.community_b)
    BudgetLineFactory(programme=b_programme, purpose="campaign", planned=Decimal("300.00"))
    BudgetLineFactory(
        programme=LocalProgrammeFactory(community=elsewhere),
        purpose="identification",
        planned=Decimal("9999.00"),
    )
    ServiceContractFactory(community=cast.community_a, status="contracted")
    ServiceContractFactory(community=cast.community_b, status="announced")
    assert registry.communities_with_adopted_plan(oblast) == 1
    assert registry.communities_with_money(oblast) == 1
    assert registry.money_planned(oblast) == Decimal("1800.00")
    assert registry.money_spent(oblast) == Decimal("250.50")
    assert registry.service_contracts_signed(oblast) == 1
    BudgetLineFactory(programme=b_programme, purpose="identification", planned=Decimal("10.00"))
    ServiceContractFactory(community=cast.community_b, status="delivered")
    assert registry.communities_with_money(oblast) == 2
    assert registry.money_planned(oblast) == Decimal("1810.00")
    assert registry.service_contracts_signed(oblast) == 2


def test_campaign_activities_and_people_reached(cast, oblast, elsewhere):
    ActivityFactory(community=cast.community_a, people_reached=30)
    ActivityFactory(community=cast.community_b, people_reached=12)
    ActivityFactory(community=elsewhere, people_reached=500)
    assert registry.campaign_activities(oblast) == 2
    assert registry.campaign_people_reached(oblast) == 42
    ActivityFactory(community=cast.community_b, people_reached=8)
    assert registry.campaign_people_reached(oblast) == 50


def test_advocacy_meetings_that_ended_in_a_programme_with_money(cast, oblast):
    MeetingFactory(oblast=oblast, outcome="adopted")
    MeetingFactory(oblast=oblast, outcome="draft")
    assert registry.advocacy_programmes_with_money(oblast) == 1
    MeetingFactory(oblast=oblast, outcome="adopted")
    assert registry.advocacy_programmes_with_money(oblast) == 2


def test_monitoring_completeness_and_timeliness(cast, oblast):
    today = timezone.localdate()
    last_year = today.year - 1
    # Two past quarters, two communities: four reports due.
    first = period_for(last_year, 1)
    second = period_for(last_year, 2)
    ReportFactory(community=cast.community_a, period=first, status=ReportStatus.APPROVED)
    late = ReportFactory(community=cast.community_b, period=first, status=ReportStatus.SUBMITTED)
    late.first_submitted_at = timezone.make_aware(
        datetime.datetime.combine(first.deadline + datetime.timedelta(days=3), datetime.time(9))
    )
    late.save()
    ReportFactory(community=cast.community_a, period=second, status=ReportStatus.DRAFT)
    assert registry.monitoring_completeness(oblast) == Decimal("50.0")
    assert registry.monitoring_timeliness(oblast) == Decimal("25.0")
    ReportFactory(community=cast.community_b, period=second, status=ReportStatus.APPROVED)
    assert registry.monitoring_completeness(oblast) == Decimal("75.0")
    assert registry.monitoring_timeliness(oblast) == Decimal("50.0")


def test_people_identified_and_helped_from_approved_reports(cast, oblast, elsewhere):
    catalogue_load()
    codes = {indicator.code: indicator for indicator in MonitoringIndicator.objects.all()}
    last_year = timezone.localdate().year - 1
    period = period_for(last_year, 3)
    approved = ReportFactory(community=cast.community_a, period=period, status="approved")
    draft = ReportFactory(community=cast.community_b, period=period, status="submitted")
    other = ReportFactory(community=elsewhere, period=period, status="approved")
    for report, identified, medical, social in (
        (approved, 3, 2, 3),
        (draft, 7, 7, 7),
        (other, 9, 9, 9),
    ):
        DataValueFactory(report=report, indicator=codes["IDENTIFIED"], value=identified)
        DataValueFactory(report=report, indicator=codes["HELP_MEDICAL"], value=medical)
        DataValueFactory(report=report, indicator=codes["HELP_SOCIAL"], value=social)
    assert registry.people_identified(oblast) == 3
    assert registry.people_helped(oblast) == 3  # the larger of 2 and 3, not 5
    draft.status = "approved"
    draft.save()
    assert registry.people_identified(oblast) == 10
    assert registry.people_helped(oblast) == 10


# One aggregate each; completeness and timeliness also read the periods and the communities.
QUERIES = {"monitoring_completeness": 3, "monitoring_timeliness": 3}


@pytest.mark.parametrize("key", sorted(registry.COMPUTATIONS))
def test_each_computation_costs_a_fixed_number_of_queries(
    key, cast, oblast, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES.get(key, 1)):
        registry.compute(key, oblast)
