"""The project progress report and the community profile, on a small data set."""

import datetime
from decimal import Decimal

import pytest

from communities.models import Community
from communities.plans.models import IdentificationPlan, ServiceContract
from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    ServiceContractFactory,
)
from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.advocacy.models import AdvocacyMeeting, Memorandum
from league.advocacy.tests.factories import MeetingFactory, MemorandumFactory
from league.campaign.models import CommunityAgreement
from league.campaign.tests.factories import ActivityFactory, AgreementFactory, StrategyFactory
from league.reports.documents import PROGRESS, render_document
from league.reports.progress import (
    community_profile,
    league_work,
    plan_state,
    project_progress,
)
from league.reports.tests.conftest import YEAR, add_report
from league.targets.tests.factories import IndicatorFactory, ObjectiveFactory, ProjectFactory
from league.tests.pdf_checks import pdf_text
from monitoring.models import MonitoringReport
from monitoring.tests.factories import period_for
from roundtables.models import Commitment, RoundTable
from roundtables.tests.factories import (
    CommitmentFactory,
    PlannedRoundTableFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)

TODAY = datetime.date(YEAR, 5, 20)  # Q1 2025 is the last quarter due
LEAGUE_WORK_QUERIES = 12


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


@pytest.fixture
def league_work_data(progress_data):
    """The campaign, advocacy and a logframe in the oblast; the same in another oblast,
    which the report must not count."""
    oblast = progress_data["oblast"]
    a, b, c = progress_data["a"], progress_data["b"], progress_data["c"]
    strategy = StrategyFactory(oblast=oblast)
    AgreementFactory(strategy=strategy, community=a)
    AgreementFactory(strategy=strategy, community=b, stance=CommunityAgreement.Stance.JOINED)
    AgreementFactory(strategy=strategy, community=c, stance=CommunityAgreement.Stance.DECLINED)
    ActivityFactory(community=a, people_reached=30)
    ActivityFactory(community=b, people_reached=45)
    MeetingFactory(oblast=oblast, outcome=AdvocacyMeeting.Outcome.ADOPTED)
    MeetingFactory(oblast=oblast)
    MeetingFactory(oblast=oblast)
    MemorandumFactory(oblast=oblast)  # no end date: in force
    MemorandumFactory(oblast=oblast, valid_until=datetime.date(2016, 12, 31))  # over
    MemorandumFactory(oblast=oblast, status=Memorandum.Status.TERMINATED)
    project = ProjectFactory(oblast=oblast, title="Зміцнення громадського контролю")
    task = ObjectiveFactory(project=project, number=1, title="Погодити стратегію з громадами")
    IndicatorFactory(
        project=project,
        objective=task,
        name="Громади, що погодили стратегію",
        computation="communities_agreed_strategy",
        target=Decimal(4),
    )
    IndicatorFactory(
        project=project,
        objective=task,
        name="Особи, що отримали допомогу",
        computation="people_helped",
        target=Decimal(40),
    )
    elsewhere = OblastFactory(name="Полтавська", katottg="UA53000000000028050")
    MeetingFactory(oblast=elsewhere)
    MemorandumFactory(oblast=elsewhere)
    ActivityFactory(community=CommunityFactory(raion=RaionFactory(oblast=elsewhere)))
    return progress_data


def test_league_work_counts_the_campaign_advocacy_and_the_targets(league_work_data):
    work = league_work(oblast=league_work_data["oblast"], protect=True, today=TODAY)

    stances = dict(work.stances)
    assert stances[str(CommunityAgreement.Stance.AGREED.label)] == 1
    assert stances[str(CommunityAgreement.Stance.JOINED.label)] == 1
    assert stances[str(CommunityAgreement.Stance.DECLINED.label)] == 1
    assert work.communities_agreed == 2
    assert (work.activities, work.people_reached) == (2, 75)
    meetings = dict(work.meetings)
    assert meetings[str(AdvocacyMeeting.Outcome.ADOPTED.label)] == 1
    assert meetings[str(AdvocacyMeeting.Outcome.PROMISE.label)] == 2
    assert work.memoranda_in_force == 1
    [(_project, sections)] = work.targets
    rows = {row.indicator.name: row for section in sections for row in section["rows"]}
    assert rows["Громади, що погодили стратегію"].shown == "2"
    assert rows["Громади, що погодили стратегію"].percent == 50.0
    # The targets page's own figure: 6 + 2 + 7 helped in Q1 2025.
    assert rows["Особи, що отримали допомогу"].shown == "15"


def test_a_small_count_of_people_among_the_targets_is_protected(league_work_data):
    # Only community B's approved report remains: two people helped.
    MonitoringReport.objects.exclude(community=league_work_data["b"]).delete()
    oblast = league_work_data["oblast"]

    protected = league_work(oblast=oblast, protect=True, today=TODAY)
    exact = league_work(oblast=oblast, protect=False, today=TODAY)

    def helped(work):
        [(_project, sections)] = work.targets
        rows = {row.indicator.name: row for section in sections for row in section["rows"]}
        return rows["Особи, що отримали допомогу"].shown

    assert (helped(protected), helped(exact)) == ("<5", "2")


@pytest.mark.parametrize("count", [51, 1000])
def test_league_work_costs_the_same_queries_for_51_and_1000_communities(
    league_work_data, count, django_assert_num_queries
):
    _grow(league_work_data["oblast"], count - 3)
    strategy = CommunityAgreement.objects.first().strategy
    first_three = [league_work_data[name].pk for name in "abc"]
    for community in Community.objects.filter(raion__oblast=league_work_data["oblast"]).exclude(
        pk__in=first_three
    ):
        AgreementFactory(strategy=strategy, community=community)
    # stances; communities agreeing; activities; meetings; memoranda; projects; the
    # targets page's tasks, their activities, indicators, manual values; its two
    # computations.
    with django_assert_num_queries(LEAGUE_WORK_QUERIES):
        work = league_work(oblast=league_work_data["oblast"], protect=True, today=TODAY)
    assert work.communities_agreed == count - 1  # all but the declining one


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("uk", ["Комунікаційна кампанія", "Адвокація", "Чинні меморандуми"]),
        ("en", ["Communication campaign", "Advocacy", "Memoranda in force"]),
    ],
)
def test_the_progress_pdf_holds_the_campaign_advocacy_and_targets(
    league_work_data, language, headings
):
    pdf = render_document(
        kind=PROGRESS,
        params={"oblast": league_work_data["oblast"].pk},
        language=language,
        issued_on=TODAY,
    )

    text = " ".join(pdf_text(pdf).split())
    for heading in headings:
        assert heading in text
    assert "Зміцнення громадського контролю" in text
    assert "Громади, що погодили стратегію 0 4 2 50%" in text
    assert "Особи, що отримали допомогу 0 40 15 38%" in text
    reached = "Охоплено людей: 75" if language == "uk" else "People reached: 75"
    assert reached in text
    memoranda = "Чинні меморандуми: 1" if language == "uk" else "Memoranda in force: 1"
    assert memoranda in text
