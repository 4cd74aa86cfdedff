"""The oblast table of plans and money, the overdue list, and the community page section."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from communities import sections
from communities.models import Community
from communities.plans import selectors as plan_selectors
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    PlanMeasure,
    ServiceContract,
)
from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.tests.clock import today

pytestmark = pytest.mark.django_db
Status = IdentificationPlan.Status


OVERVIEW = reverse("communities:plan_overview")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def hand_made(cast):
    """Community A: an old expired plan and a newer adopted one with 3 measures (2 done),
    money in two programmes this year and last year, two contracts in force this year
    (one terminated, not counted) and one announced. Community B: a drafting plan with
    one overdue measure, money last year only. Community C (another raion): no plan."""
    year = today().year
    a, b = cast.community_a, cast.community_b
    other_raion = RaionFactory(oblast=cast.oblast, name="Шосткинський")
    c = CommunityFactory(raion=other_raion, name="Шосткинська")
    AdoptedPlanFactory(community=a, start_year=2015, end_year=2017, status=Status.EXPIRED)
    plan_a = AdoptedPlanFactory(
        community=a, start_year=2018, end_year=year, decision_date=datetime.date(2018, 3, 15)
    )
    PlanMeasureFactory(plan=plan_a, status=PlanMeasure.Status.DONE)
    PlanMeasureFactory(plan=plan_a, status=PlanMeasure.Status.DONE)
    PlanMeasureFactory(plan=plan_a, status=PlanMeasure.Status.NOT_DONE)
    plan_b = IdentificationPlanFactory(community=b, start_year=year, end_year=year + 2)
    PlanMeasureFactory(
        plan=plan_b, deadline=today() - datetime.timedelta(days=3), description="Прострочений захід"
    )
    for programme_a in LocalProgrammeFactory.create_batch(
        2, community=a, start_year=year - 1, end_year=year
    ):
        BudgetLineFactory(
            programme=programme_a, year=year, planned=Decimal("1000.10"), spent=Decimal("250.05")
        )
        BudgetLineFactory(
            programme=programme_a, year=year - 1, planned=Decimal("7.00"), spent=Decimal("7.00")
        )
    programme_b = LocalProgrammeFactory(community=b, start_year=year - 1, end_year=year)
    BudgetLineFactory(programme=programme_b, year=year - 1, planned=Decimal("0.30"))
    in_force = {
        "period_start": datetime.date(year, 1, 1),
        "period_end": datetime.date(year, 12, 31),
        "contract_date": datetime.date(year, 1, 1),
    }
    ServiceContractFactory(community=a, amount=Decimal("100.01"), **in_force)
    ServiceContractFactory(
        community=a, amount=Decimal("200.02"), status=ServiceContract.Status.DELIVERED, **in_force
    )
    ServiceContractFactory(
        community=a, amount=Decimal("999.99"), status=ServiceContract.Status.TERMINATED, **in_force
    )
    ServiceContractFactory(
        community=b,
        amount=Decimal("555.55"),
        status=ServiceContract.Status.ANNOUNCED,
        contract_date=None,
        people_served=0,
        period_start=datetime.date(year, 6, 1),
        period_end=datetime.date(year + 1, 5, 31),
    )
    return {"a": a, "b": b, "c": c, "plan_a": plan_a, "plan_b": plan_b}


def test_rows_and_totals_on_a_hand_made_data_set(hand_made, cast):
    year = today().year
    rows = {row.pk: row for row in plan_selectors.plan_overview_for_user(cast.staff, year)}
    a, b, c = rows[hand_made["a"].pk], rows[hand_made["b"].pk], rows[hand_made["c"].pk]
    assert (a.plan_id, a.plan_status, a.plan_decision_date) == (
        hand_made["plan_a"].pk,
        Status.ADOPTED,
        datetime.date(2018, 3, 15),
    )
    assert (a.measures_done, a.measures_total) == (2, 3)
    assert (a.money_planned, a.money_spent) == (Decimal("2000.20"), Decimal("500.10"))
    assert (a.contracts_count, a.contracts_amount) == (2, Decimal("300.03"))
    assert (b.plan_status, b.measures_done, b.measures_total) == (Status.DRAFTING, 0, 1)
    assert (b.money_planned, b.contracts_count) == (Decimal("0"), 0)
    assert (c.plan_id, c.plan_status, c.measures_total, c.money_planned) == (None, None, 0, 0)

    totals = plan_selectors.plan_overview_totals(
        plan_selectors.plan_overview_for_user(cast.staff, year)
    )
    assert totals == {
        "communities": 3,
        "with_plan": 2,
        "adopted": 1,
        "measures_done": 2,
        "measures_total": 4,
        "money_planned": Decimal("2000.20"),
        "money_spent": Decimal("500.10"),
        "contracts_count": 2,
        "contracts_amount": Decimal("300.03"),
    }
    last_year = plan_selectors.plan_overview_totals(
        plan_selectors.plan_overview_for_user(cast.staff, year - 1)
    )
    assert (last_year["money_planned"], last_year["money_spent"]) == (
        Decimal("14.30"),
        Decimal("14.00"),
    )


def test_children_of_one_community_never_multiply_each_other(cast, django_assert_num_queries):
    """Two programmes with three lines this year between them, four measures, three
    contracts in force and three plans: a join of all children in one GROUP BY would
    multiply each sum by the rows of the others."""
    year = today().year
    community = cast.community_a
    AdoptedPlanFactory(community=community, start_year=year - 6, end_year=year - 4)
    IdentificationPlanFactory(community=community, start_year=year - 2, end_year=year + 1)
    newest = IdentificationPlanFactory(community=community, start_year=year, end_year=year + 2)
    for status in ["done", "done", "done", "planned"]:
        PlanMeasureFactory(plan=newest, status=status)
    first, second = LocalProgrammeFactory.create_batch(
        2, community=community, start_year=year, end_year=year
    )
    for programme, planned, spent in [
        (first, "10.00", "1.00"),
        (first, "20.00", "2.00"),
        (second, "300.00", "30.00"),
    ]:
        BudgetLineFactory(
            programme=programme, year=year, planned=Decimal(planned), spent=Decimal(spent)
        )
    BudgetLineFactory(programme=second, year=year + 1, planned=Decimal("5000.00"))
    in_force = {
        "period_start": datetime.date(year - 1, 7, 1),
        "period_end": datetime.date(year, 6, 30),
        "contract_date": datetime.date(year - 1, 7, 1),
    }
    for amount in ["1.50", "2.50", "4.00"]:
        ServiceContractFactory(community=community, amount=Decimal(amount), **in_force)
    with django_assert_num_queries(1):
        rows = {row.pk: row for row in plan_selectors.plan_overview_for_user(cast.staff, year)}
    row = rows[community.pk]
    assert (row.plan_id, row.plan_status, row.plan_start_year, row.plan_end_year) == (
        newest.pk,
        Status.DRAFTING,
        year,
        year + 2,
    )
    assert (row.measures_done, row.measures_total) == (3, 4)
    assert (row.money_planned, row.money_spent) == (Decimal("330.00"), Decimal("33.00"))
    assert (row.contracts_count, row.contracts_amount) == (3, Decimal("8.00"))
    other = rows[cast.community_b.pk]
    assert (other.plan_id, other.measures_total, other.money_planned, other.contracts_count) == (
        None,
        0,
        Decimal("0"),
        0,
    )
    totals = plan_selectors.plan_overview_totals(
        plan_selectors.plan_overview_for_user(cast.staff, year)
    )
    assert (totals["money_planned"], totals["contracts_amount"], totals["measures_total"]) == (
        Decimal("330.00"),
        Decimal("8.00"),
        4,
    )
    next_year = plan_selectors.plan_overview_for_user(cast.staff, year + 1).get(pk=community.pk)
    assert (next_year.money_planned, next_year.contracts_count) == (Decimal("5000.00"), 0)


def test_the_page_shows_rows_and_totals(hand_made, client_for):
    response = client_for("staff").get(OVERVIEW)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Total: 3 communities" in content
    assert "2,000.20 UAH" in content and "300.03 UAH" in content
    assert "1 adopted" in content and "no plan" in content
    assert reverse("communities:plan_detail", args=[hand_made["plan_a"].pk]) in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("plan_status=adopted", {"a"}),
        ("plan_status=drafting", {"b"}),
        ("plan_status=not_started", {"c"}),
        ("has_money=yes", {"a"}),
        ("has_money=no", {"b", "c"}),
        ("has_money=yes&year={last_year}", {"a", "b"}),
        ("raion_other", {"c"}),
    ],
)
def test_filters(hand_made, client_for, query, expected):
    if query == "raion_other":
        query = f"raion={hand_made['c'].raion_id}"
    query = query.format(last_year=today().year - 1)  # the year when the test runs
    response = client_for("staff").get(f"{OVERVIEW}?{query}")
    shown = {
        key
        for key in ("a", "b", "c")
        if hand_made[key].get_absolute_url() in response.content.decode()
    }
    assert shown == expected
    totals = response.context["totals"]
    assert totals["communities"] == len(expected)


def test_bad_filter_values_are_reported_not_applied(hand_made, client_for):
    year = today().year
    response = client_for("staff").get(f"{OVERVIEW}?year=abc&plan_status=finished")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("Select a valid choice") == 2
    assert response.context["year"] == year
    assert response.context["totals"]["communities"] == 3


def test_each_role_sees_its_own_communities(hand_made, cast, client_for):
    elsewhere = CommunityFactory(
        raion=RaionFactory(oblast=OblastFactory(katottg="UA18000000000000000", name="Житомирська"))
    )
    council = client_for("council").get(OVERVIEW).context["totals"]["communities"]
    # Staff see every oblast, one at a time: Житомирська first by name, then the chosen.
    staff = client_for("staff")
    first = staff.get(OVERVIEW).context["totals"]["communities"]
    sumy = hand_made["a"].raion.oblast_id
    chosen = staff.get(OVERVIEW, {"oblast": sumy}).context["totals"]["communities"]
    worker = client_for("worker_b").get(OVERVIEW)
    assert (council, first, chosen) == (3, 1, 3)
    assert worker.context["totals"]["communities"] == 1
    assert hand_made["a"].get_absolute_url() not in worker.content.decode()
    assert elsewhere.get_absolute_url() not in client_for("council").get(OVERVIEW).content.decode()


def test_one_oblasts_table_has_the_same_figures_when_the_country_is_larger(hand_made, client_for):
    # Staff choosing an oblast get its derived tables grouped for that oblast alone; the
    # council, whose scope is that oblast, gets the unnarrowed query: the same figures.
    CommunityFactory(
        raion=RaionFactory(oblast=OblastFactory(katottg="UA18000000000000000", name="Житомирська"))
    )
    sumy = hand_made["a"].raion.oblast_id

    council = client_for("council").get(OVERVIEW).context
    staff = client_for("staff").get(OVERVIEW, {"oblast": sumy}).context

    assert staff["totals"] == council["totals"]
    assert [row.money_planned for row in staff["page"]] == [
        row.money_planned for row in council["page"]
    ]


def test_anonymous_and_wrong_method(client_for):
    assert client_for("anonymous").get(OVERVIEW).status_code == 302
    assert client_for("staff").post(OVERVIEW).status_code == 405


def _bulk_communities(count: int, raion) -> None:
    """`count` communities, each with a plan, 3 measures, 2 budget lines and a contract:
    enough rows that a query per row would show."""
    year = today().year
    Community.objects.bulk_create(
        Community(
            katottg=f"UA99{number:015d}",  # apart from the factories' UA59...
            name=f"Громада {number}",
            type=Community.Type.RURAL,
            raion=raion,
            centre=f"Село {number}",
        )
        for number in range(100, 100 + count)
    )
    communities = list(Community.objects.filter(raion=raion))
    plans = IdentificationPlan.objects.bulk_create(
        IdentificationPlan(
            community=community,
            start_year=2018,
            end_year=2020,
            status=Status.ADOPTED if index % 2 else Status.DRAFTING,
            decision_number="1" if index % 2 else "",
            decision_date=datetime.date(2018, 2, 1) if index % 2 else None,
        )
        for index, community in enumerate(communities)
    )
    PlanMeasure.objects.bulk_create(
        PlanMeasure(
            plan=plan,
            category=PlanMeasure.Category.PREVENTION,
            description="Захід",
            responsible="Відділ",
            deadline=datetime.date(2019, 1, 1),
            status=PlanMeasure.Status.DONE if number == 0 else PlanMeasure.Status.PLANNED,
        )
        for plan in plans
        for number in range(3)
    )
    programmes = LocalProgramme.objects.bulk_create(
        LocalProgramme(
            community=community,
            kind=LocalProgramme.Kind.SOCIAL,
            name="Програма",
            start_year=year,
            end_year=year,
        )
        for community in communities
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            programme=programme,
            year=year,
            purpose=purpose,
            planned=Decimal("100.10"),
            spent=Decimal("0.01"),
        )
        for programme in programmes
        for purpose in (BudgetLine.Purpose.PREVENTION, BudgetLine.Purpose.CAMPAIGN)
    )
    ServiceContract.objects.bulk_create(
        ServiceContract(
            community=community,
            service="Супровід",
            provider_name="ГО",
            provider_edrpou="12345678",
            amount=Decimal("10.00"),
            contract_date=datetime.date(year, 1, 1),
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            status=ServiceContract.Status.CONTRACTED,
        )
        for community in communities
    )


@pytest.mark.parametrize("count", [51, 1000])
def test_the_oblast_table_costs_the_same_queries_for_51_or_1000_communities(
    cast, client_for, django_assert_num_queries, count
):
    raion = RaionFactory(oblast=cast.oblast, name="Великий")
    _bulk_communities(count, raion)
    client = client_for("staff")
    # session, user, the raions offered in the filter (which also validate the chosen
    # one), the totals (which also give the paginator its count), the page of rows with
    # all their subqueries: 5.
    with django_assert_num_queries(5):
        response = client.get(f"{OVERVIEW}?raion={raion.pk}")
    totals = response.context["totals"]
    assert totals["communities"] == count
    assert totals["money_planned"] == Decimal("200.20") * count
    assert (totals["measures_done"], totals["measures_total"]) == (count, 3 * count)
    assert totals["contracts_amount"] == Decimal("10.00") * count
    assert len(response.context["page"]) == min(count, 100)


def test_the_overdue_list(hand_made, cast, client_for, django_assert_num_queries):
    PlanMeasureFactory.create_batch(
        40, plan=hand_made["plan_a"], deadline=today() - datetime.timedelta(days=1)
    )
    PlanMeasureFactory(
        plan=hand_made["plan_a"],
        deadline=today() - datetime.timedelta(days=10),
        status=PlanMeasure.Status.NOT_DONE,
        description="Остаточно не виконано",
    )
    client = client_for("staff")
    # session, user, count, raions for the filter, the page (+plan, community, raion): 5.
    with django_assert_num_queries(5):
        response = client.get(reverse("communities:measure_overdue"))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 41
    assert "Прострочений захід" in content
    assert "Остаточно не виконано" not in content
    # Worker A sees only community A's overdue measures.
    worker = client_for("worker_a").get(reverse("communities:measure_overdue"))
    assert worker.context["page"].paginator.count == 40
    assert "Прострочений захід" not in worker.content.decode()
    filtered = client.get(reverse("communities:measure_overdue") + "?category=assistance")
    assert filtered.context["page"].paginator.count == 0


def test_overdue_list_anonymous_and_wrong_method(client_for):
    url = reverse("communities:measure_overdue")
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("staff").post(url).status_code == 405


# --- The section on the community page ---


def _render_section(user, community):
    context = plan_selectors.plans_section_context(user, community)
    return render_to_string("communities/_plans_section.html", {"section": context})


def test_the_section_is_registered_for_the_community_page(cast):
    templates = [item["template"] for item in sections.sections_for(cast.staff, cast.community_a)]
    assert "communities/_plans_section.html" in templates


def test_the_section_shows_plans_money_and_contracts(hand_made, cast):
    content = _render_section(cast.worker_a, cast.community_a)
    assert hand_made["plan_a"].get_absolute_url() in content
    assert "2 / 3" in content
    # Each programme: 1,000.10 planned this year, 1,007.10 in all years.
    assert content.count("1,007.10 UAH") == 2 and content.count("1,000.10 UAH") == 2
    assert reverse("communities:plan_create", args=[cast.community_a.pk]) in content
    assert "21100000" not in content and "12345678" in content


def test_council_reads_the_section_with_small_counts_suppressed(hand_made, cast):
    content = _render_section(cast.council, cast.community_a)
    assert reverse("communities:plan_create", args=[cast.community_a.pk]) not in content
    assert "&lt;5" in content  # 3 people served
    assert "&lt;5" not in _render_section(cast.staff, cast.community_a)


def test_the_section_costs_a_fixed_number_of_queries(hand_made, cast, django_assert_num_queries):
    community = Community.objects.get(pk=cast.community_a.pk)
    # plans with measure counts, programmes with sums, contracts: 3.
    with django_assert_num_queries(3):
        _render_section(cast.staff, community)


def test_the_community_page_includes_the_section(hand_made, cast, client_for):
    response = client_for("council").get(cast.community_a.get_absolute_url())
    assert response.status_code == 200
    assert 'id="plans"' in response.content.decode()
