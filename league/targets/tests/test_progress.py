import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Community, Raion
from league.campaign.tests.factories import ActivityFactory
from league.targets.models import ManualValue
from league.targets.tests.factories import IndicatorFactory, ObjectiveFactory, ProjectFactory


@pytest.fixture
def logframe(cast):
    project = ProjectFactory(oblast=cast.oblast)
    task = ObjectiveFactory(project=project, number=3, title="Інформаційні кампанії")
    computed = IndicatorFactory(
        project=project,
        objective=task,
        code="activities",
        name="Заходи кампанії",
        computation="campaign_activities",
        target=Decimal(4),
    )
    people = IndicatorFactory(
        project=project,
        objective=task,
        code="identified",
        name="Виявлені особи",
        computation="people_identified",
        target=Decimal(20),
    )
    manual = IndicatorFactory(
        project=project, code="memoranda", name="Меморандуми", target=Decimal(2)
    )
    return project, computed, people, manual


def test_the_progress_page_shows_computed_and_entered_values(client_for, cast, logframe):
    manual = logframe[3]
    ActivityFactory(community=cast.community_a)
    ManualValue.objects.create(
        indicator=manual,
        date=datetime.date(2017, 1, 1),
        value=1,
        evidence="Підписано",
        recorded_by=cast.staff,
    )
    response = client_for("staff").get(reverse("targets:progress"))
    rows = {row.indicator.code: row for s in response.context["sections"] for row in s["rows"]}
    assert (rows["activities"].value, rows["activities"].percent) == (1, 25.0)
    assert rows["activities"].link == reverse("campaign:activity_list")
    assert rows["memoranda"].value == Decimal(1) and rows["memoranda"].percent == 50.0
    page = response.content.decode()
    assert "Заходи кампанії, записані в громадах області." in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "1 / 4" in svg and "1 / 2" in svg


def test_small_counts_of_people_are_hidden_from_council_officials(client_for, cast, logframe):
    from monitoring.catalogue import catalogue_load
    from monitoring.models import Indicator as MonitoringIndicator
    from monitoring.tests.factories import DataValueFactory, ReportFactory, period_for

    catalogue_load()
    period = period_for(datetime.date.today().year - 1, 1)
    report = ReportFactory(community=cast.community_a, period=period, status="approved")
    DataValueFactory(
        report=report, indicator=MonitoringIndicator.objects.get(code="IDENTIFIED"), value=3
    )

    def shown(role):
        response = client_for(role).get(reverse("targets:progress"))
        rows = {r.indicator.code: r for s in response.context["sections"] for r in s["rows"]}
        return rows["identified"].shown

    assert shown("staff") == "3"
    assert shown("council") == "<5"


def test_staff_record_a_value_by_hand_with_evidence(client_for, cast, logframe):
    _project, _computed, _people, manual = logframe
    response = client_for("staff").post(
        reverse("targets:indicator_detail", args=[manual.pk]),
        {
            "date": "2017-02-01",
            "value": "2",
            "form_token": uuid.uuid4(),
            "evidence": "Меморандум з обласною радою",
            "evidence_file": SimpleUploadedFile("m.pdf", b"%PDF-1.4\n%x\n"),
        },
    )
    assert response.status_code == 302
    entry = ManualValue.objects.get()
    assert (entry.value, entry.recorded_by, entry.evidence_name) == (2, cast.staff, "m.pdf")


def test_a_value_without_evidence_is_refused(client_for, cast, logframe):
    manual = logframe[3]
    response = client_for("staff").post(
        reverse("targets:indicator_detail", args=[manual.pk]),
        {"date": "2017-02-01", "value": "2", "form_token": uuid.uuid4()},
    )
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    assert not ManualValue.objects.exists()


def test_a_computed_value_is_never_typed_in(client_for, cast, logframe):
    computed = logframe[1]
    url = reverse("targets:indicator_detail", args=[computed.pk])
    page = client_for("staff").get(url)
    assert page.context["form"] is None
    assert "ніколи не вводиться вручну" in page.content.decode()
    assert client_for("staff").post(url, {"date": "2017-01-01", "value": "9"}).status_code == 404
    assert client_for("worker_a").post(url, {"date": "2017-01-01", "value": "9"}).status_code == 403
    assert not ManualValue.objects.exists()


def _more_communities(oblast, count):
    raions = [Raion.objects.create(oblast=oblast, name=f"Р{index}") for index in range(5)]
    Community.objects.bulk_create(
        Community(
            katottg=f"UA59{index + 7000:015d}",
            name=f"Громада {index}",
            type="rural",
            raion=raions[index % 5],
            centre="Село",
        )
        for index in range(count)
    )


@pytest.mark.parametrize("count", [51, 1000])
def test_the_progress_page_costs_the_same_for_51_and_1000_communities(
    client_for, cast, logframe, count, django_assert_num_queries
):
    _more_communities(cast.oblast, count)
    client = client_for("staff")
    # session, user, projects, tasks, their activities, indicators, manual values,
    # campaign_activities, people_identified
    with django_assert_num_queries(9):
        response = client.get(reverse("targets:progress"))
    assert response.status_code == 200


def test_money_is_shown_grouped_in_the_page_language(client_for, cast):
    from communities.plans.tests.factories import BudgetLineFactory, LocalProgrammeFactory

    project = ProjectFactory(oblast=cast.oblast)
    IndicatorFactory(
        project=project, code="money", computation="money_planned", target=Decimal(5000000)
    )
    BudgetLineFactory(
        programme=LocalProgrammeFactory(community=cast.community_a), planned=Decimal("1234567.5")
    )
    response = client_for("staff").get(reverse("targets:progress"))
    (row,) = [r for s in response.context["sections"] for r in s["rows"]]
    assert row.shown == "1\xa0234\xa0567,50"


def test_tasks_read_from_one_and_the_chart_names_its_indicators(client_for, cast):
    """The project's documents number tasks from 0: the page counts them from 1. The chart
    labels its bars with the indicators' names, never their codes."""
    project = ProjectFactory(oblast=cast.oblast)
    first = ObjectiveFactory(project=project, number=0, title="Ідентифікація в громадах")
    ObjectiveFactory(project=project, number=1, title="Соціальне замовлення")
    IndicatorFactory(
        project=project,
        objective=first,
        code="rt-held",
        name="Проведені круглі столи",
        computation="round_tables_held",
    )
    page = client_for("staff").get(reverse("targets:progress")).content.decode()
    assert "Завдання 1: Ідентифікація в громадах" in page
    assert "Завдання 2: Соціальне замовлення" in page and "Завдання 0" not in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Проведені круглі столи" in svg and "rt-held" not in svg
