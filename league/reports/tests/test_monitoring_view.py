"""The council's monitoring page: protected for council officials, exact for staff."""

import re

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.models import User
from league.reports import services
from league.reports.forms import FixedPeriodForm
from league.reports.tests.conftest import YEAR, add_report
from league.tests.factories import UserFactory
from monitoring.tests.factories import period_for

URL = reverse("reports:monitoring")
RANGE = {"first_year": YEAR, "first_quarter": 1, "last_year": YEAR, "last_quarter": 2}
HALF_YEAR = {"period": f"{YEAR}-H1"}
# Session and user, the oblast, its newest release: no figures are read for a refused period.
QUERIES_WITHOUT_FIGURES = 4


def release(oblast, capture):
    """The oblast's release, made as staff make it (the task runs after commit)."""
    with capture(execute=True):
        made = services.release_request(
            oblast=oblast, requested_by=UserFactory(role=User.Role.STAFF)
        )
    made.refresh_from_db()
    return made


@pytest.fixture
def council(small_oblast, django_capture_on_commit_callbacks):
    release(small_oblast["oblast"], django_capture_on_commit_callbacks)
    return UserFactory(role=User.Role.COUNCIL, oblast=small_oblast["oblast"])


def cells(html: str) -> list[str]:
    return [cell.strip() for cell in re.findall(r'<td class="number[^"]*">([^<]*)</td>', html)]


def test_council_official_sees_protected_figures_with_ukrainian_labels(client, council):
    client.force_login(council)

    response = client.get(URL, HALF_YEAR)

    page = response.content.decode()
    assert response.status_code == 200
    assert "I півріччя 2025" in page
    assert "I кв. 2025" in page and "II кв. 2025" in page
    assert "Знам&#x27;янка" in page or "Знам'янка" in page
    assert "&lt;5" in page
    assert "IDENTIFIED" not in page and "age=adult" not in page
    assert "Конотопський район" in page


def test_staff_see_the_exact_figures(client, small_oblast):
    client.force_login(UserFactory(role=User.Role.STAFF))

    page = client.get(URL, {**RANGE, "oblast": small_oblast["oblast"].pk}).content.decode()

    assert "&lt;5" not in page
    assert "×" not in page


def test_a_worker_may_not_open_the_council_page(client, small_oblast):
    worker = UserFactory(role=User.Role.WORKER, communities=[small_oblast["a"]])
    client.force_login(worker)

    assert client.get(URL).status_code == 403


def test_council_sees_only_its_own_oblast_whatever_it_asks(client, council):
    other = OblastFactory(name="Полтавська", katottg="UA53000000000028050")
    community = CommunityFactory(raion=RaionFactory(oblast=other), name="Решетилівська")
    add_report(community, period_for(YEAR, 1), "approved", {"IDENTIFIED": 40})
    client.force_login(council)

    page = client.get(URL, {**HALF_YEAR, "oblast": other.pk}).content.decode()

    assert "Решетилівська" not in page
    assert "Бурин" in page


def test_a_reversed_range_is_refused_with_a_message(client, small_oblast):
    client.force_login(UserFactory(role=User.Role.STAFF))

    response = client.get(URL, {**RANGE, "first_year": YEAR + 1})

    assert response.status_code == 400
    assert "Перший квартал іде після останнього." in response.content.decode()


def test_wrong_method(client, council):
    client.force_login(council)
    assert client.post(URL).status_code == 405


def test_the_page_costs_the_same_queries_whatever_the_oblast_size(
    client, council, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(council)
    # session, user; the oblast, its newest release; the communities' names, indicators;
    # completeness: communities, reports.
    with django_assert_num_queries(8):
        small = client.get(URL, HALF_YEAR)
    raion = RaionFactory(oblast=council.oblast)
    for _ in range(60):
        CommunityFactory(raion=raion)
    release(council.oblast, django_capture_on_commit_callbacks)
    with django_assert_num_queries(8):
        large = client.get(URL, HALF_YEAR)
    assert len(large.context["report"].communities.lines) == (
        len(small.context["report"].communities.lines) + 61  # 60 communities, their raion
    )


def test_council_never_gets_an_exact_small_count_for_a_community(
    client, catalogue, django_capture_on_commit_callbacks
):
    # Every community's count is small: everything around them must give nothing away.
    oblast = OblastFactory()
    council = UserFactory(role=User.Role.COUNCIL, oblast=oblast)
    quarter = period_for(YEAR, 1)
    for raion_index in range(3):
        raion = RaionFactory(oblast=oblast)
        for index in range(4):
            community = CommunityFactory(raion=raion)
            add_report(
                community,
                quarter,
                "approved",
                {
                    "IDENTIFIED": 1 + (index + raion_index) % 4,
                    ("IDENTIFIED", "exploitation", "labour"): 1 + (index + raion_index) % 4,
                    "HELP_MEDICAL": 1 + index % 4,
                },
            )
    release(oblast, django_capture_on_commit_callbacks)
    client.force_login(council)

    page = client.get(URL, {"period": f"{YEAR}-Q1"}).content.decode()

    assert_no_small_count_in_people_tables(page)


def assert_no_small_count_in_people_tables(page: str):
    """Every figure of the tables of people (not the counts of reports) is 0, at least 5,
    or a label."""
    checked = 0
    for section in ("summary", "communities", "forms", "help"):
        html = re.search(rf'<section id="{section}">(.*?)</section>', page, re.S).group(1)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
            if "Проведені профілактичні заходи" in row or "Кошти" in row:
                continue  # events and money, not people
            for figure in cells(row):
                checked += 1
                assert figure not in {"1", "2", "3", "4"}, row
    assert checked > 20


def test_a_range_longer_than_the_page_holds_is_refused_without_building_it(
    client, small_oblast, django_assert_num_queries
):
    # Staff's exact page: thirteen quarters are refused (it holds twelve, three years);
    # longer ranges are issued reports. The refusal says so in Ukrainian and builds no
    # figures.
    client.force_login(UserFactory(role=User.Role.STAFF))
    longer = {"first_year": YEAR, "first_quarter": 1, "last_year": YEAR + 3, "last_quarter": 1}

    # Session and user, the oblast (none chosen: the first), the oblast's releases for
    # the button's panel, and the oblasts of the form's select.
    with django_assert_num_queries(QUERIES_WITHOUT_FIGURES + 1):
        response = client.get(URL, longer)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Сторінка показує щонайбільше 12 кварталів" in page
    assert "Конотопський район" not in page and "&lt;5" not in page


def test_twelve_quarters_are_shown_to_staff(client, small_oblast):
    client.force_login(UserFactory(role=User.Role.STAFF))
    twelve = {"first_year": YEAR, "first_quarter": 1, "last_year": YEAR + 2, "last_quarter": 4}

    response = client.get(URL, twelve)

    assert response.status_code == 200
    assert "Конотопський район" in response.content.decode()


def test_the_council_chooses_fixed_periods_only(client, council):
    # Two spans differing by one quarter would give that quarter by subtraction: the
    # council's form offers quarters, half-years, years and the project to date, and a
    # span in the address is not read.
    client.force_login(council)

    response = client.get(URL, {**RANGE, "last_quarter": 3})

    form = response.context["form"]
    offered = [code for code, _label in form.fields["period"].choices]
    assert response.status_code == 200
    assert "first_year" not in form.fields
    assert {f"{YEAR}-Q3", f"{YEAR}-H2", str(YEAR), "2016-Q4"} <= set(offered)
    assert offered[0].startswith("all-")
    assert "2016" not in offered and "2016-H2" not in offered  # before the project began
    assert response.context["report"].period == response.context["form"].fixed_period().label


def test_an_unknown_period_is_refused_with_a_message(client, council, django_assert_num_queries):
    client.force_login(council)

    with django_assert_num_queries(QUERIES_WITHOUT_FIGURES):
        response = client.get(URL, {"period": f"{YEAR}-Q1..{YEAR}-Q3"})

    assert response.status_code == 400
    assert "Оберіть правильний варіант" in response.content.decode()
    assert response.context["report"] is None


def test_the_council_sees_the_project_to_date(client, council):
    client.force_login(council)
    code = next(code for code, _label in FixedPeriodForm().fields["period"].choices)

    response = client.get(URL, {"period": code})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Проєкт від початку" in page
    assert "Конотопський район" in page


def test_the_council_reads_the_release_not_live_counts(client, council, small_oblast):
    # A report approved after the release changes nothing the council reads until the
    # next release; the page names the release and when it was made.
    client.force_login(council)
    before = client.get(URL, HALF_YEAR)
    add_report(small_oblast["b"], period_for(YEAR, 2), "approved", {"IDENTIFIED": 40})

    after = client.get(URL, HALF_YEAR)

    shown = after.context["report"]
    assert shown.release.number == 1
    assert (
        shown.communities.lines[-1].figures
        == before.context["report"].communities.lines[-1].figures
    )
    assert "Випуск 1 показників області, зроблений" in after.content.decode()


def test_the_council_is_told_when_nothing_is_released_yet(client, small_oblast):
    client.force_login(UserFactory(role=User.Role.COUNCIL, oblast=small_oblast["oblast"]))

    response = client.get(URL, HALF_YEAR)

    assert response.status_code == 200 and response.context["report"] is None
    assert "Показники цієї області ще не випущено" in response.content.decode()
