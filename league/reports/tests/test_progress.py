"""The project progress report and the community profile, on a small data set."""

import datetime
from decimal import Decimal

import pytest

from communities.plans.models import IdentificationPlan, ServiceContract
from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    ServiceContractFactory,
)
from communities.tests.factories import CommunityFactory, RaionFactory
from league.reports.progress import community_profile, plan_state, project_progress
from league.reports.tests.conftest import YEAR, add_report
from monitoring.tests.factories import period_for
from roundtables.models import Commitment, RoundTable
from roundtables.tests.factories import (
    CommitmentFactory,
    PlannedRoundTableFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)

TODAY = datetime.date(YEAR, 5, 20)  # Q1 2025 is the last quarter due


def test_an_adopted_plan_whose_years_are_over_is_expired():
    assert plan_state(IdentificationPlan.Status.ADOPTED, 2024, 2025) == "expired"
    assert plan_state(IdentificationPlan.Status.ADOPTED, 2025, 2025) == "adopted"
    assert plan_state(IdentificationPlan.Status.DRAFTING, 2020, 2025) == "drafting"


@pytest.fixture
def progress_data(small_oblast):
    a, b, c = small_oblast["a"], small_oblast["b"], small_oblast["c"]
    series = RoundTableSeriesFactory(oblast=small_oblast["oblast"], target=18)
    RoundTableFactory(series=series, venue_community=a, invited=[a, b])
    PlannedRoundTableFactory(series=series, venue_community=c, invited=[c])
    held = RoundTableFactory(series=series, venue_community=a, invited=[a])
    CommitmentFactory(resolution__round_table=held, community=a)
    CommitmentFactory(resolution__round_table=held, community=b, status=Commitment.Status.DONE)
    CommitmentFactory(
        resolution__round_table=held, community=b, due_date=TODAY - datetime.timedelta(days=1)
    )
    AdoptedPlanFactory(community=a, start_year=2024, end_year=2026)
    AdoptedPlanFactory(community=b, start_year=2021, end_year=2023)  # over: expired
    programme = LocalProgrammeFactory(community=a)
    BudgetLineFactory(programme=programme, year=YEAR, planned=Decimal("20000.00"))
    BudgetLineFactory(programme=programme, year=YEAR, spent=Decimal("2500.00"))
    BudgetLineFactory(programme=programme, year=YEAR - 1, planned=Decimal("999.00"))
    ServiceContractFactory(community=a, amount=Decimal("50000.00"))
    ServiceContractFactory(community=c, status=ServiceContract.Status.ANNOUNCED)
    return small_oblast


def test_progress_counts_round_tables_plans_money_and_contracts(progress_data):
    report = project_progress(oblast=progress_data["oblast"], today=TODAY)

    assert report.held == 2
    assert report.round_tables[RoundTable.Status.PLANNED] == 1
    assert report.target == 18
    assert (report.communities_total, report.communities_reached) == (3, 2)
    commitments = dict(report.commitments)
    assert commitments[str(Commitment.Status.OPEN.label)] == 2
    assert commitments[str(Commitment.Status.DONE.label)] == 1
    assert report.commitments_overdue == 1
    plans = dict(report.plans)
    assert plans[str(IdentificationPlan.Status.ADOPTED.label)] == 1
    assert plans[str(IdentificationPlan.Status.EXPIRED.label)] == 1
    assert report.planned == Decimal("30000.00")  # this year's lines only
    assert report.spent == Decimal("2500.00")
    contracts = {label: (count, amount) for label, count, amount in report.contracts}
    assert contracts[str(ServiceContract.Status.CONTRACTED.label)] == (1, Decimal("50000.00"))
    rows = {row.name: row for row in report.rows}
    assert rows["Бурин"].round_table and rows["Бурин"].plan_adopted and rows["Бурин"].has_money
    assert rows["Знам'янка"].plan_state == "expired"
    assert not rows["Згорани"].round_table  # only a planned round table
    assert rows["Бурин"].contracts == 1 and rows["Згорани"].contracts == 0
    # Q1 2025: Бурин and Згорани on time, Знам'янка late.
    assert [rows[name].monitoring_on_time for name in ("Бурин", "Знам'янка", "Згорани")] == [
        True,
        False,
        True,
    ]


def test_community_profile_holds_its_own_figures_plans_and_money(progress_data):
    profile = community_profile(community=progress_data["a"], today=TODAY)

    figures = dict(profile.figures)
    identified = next(label for label in figures if label.startswith("Особи, виявлені"))
    assert figures[identified][-1] == 12  # Q1 2025, exact for its own workers
    assert profile.plans[0]["years"] == "2024–2026"
    assert len(profile.round_tables) == 2
    assert profile.status.contracts == 1


def _grow(oblast, count):
    raions = [RaionFactory(oblast=oblast) for _ in range(5)]
    for index in range(count):
        community = CommunityFactory(raion=raions[index % 5])
        if index % 4 == 0:
            IdentificationPlanFactory(community=community)
            ServiceContractFactory(community=community)
            add_report(community, period_for(YEAR, 1), "approved", {"IDENTIFIED": 7})


@pytest.mark.parametrize("count", [51, 1000])
def test_progress_costs_the_same_queries_for_51_and_1000_communities(
    progress_data, count, django_assert_num_queries
):
    _grow(progress_data["oblast"], count - 3)
    # communities; reached; plans; money; contracts; reports due; round tables by status;
    # target; commitments by status; overdue commitments; contracts by status.
    with django_assert_num_queries(11):
        report = project_progress(oblast=progress_data["oblast"], today=TODAY)
    assert report.communities_total == count


@pytest.mark.parametrize("count", [51, 1000])
def test_the_profile_costs_the_same_queries_for_51_and_1000_communities(
    progress_data, count, django_assert_num_queries
):
    _grow(progress_data["oblast"], count - 3)
    community = progress_data["a"]
    # the six of community_statuses(); figures; indicators; plans; programme money;
    # contracts; round tables; commitments.
    with django_assert_num_queries(13):
        profile = community_profile(community=community, today=TODAY)
    assert profile.name == "Бурин"
