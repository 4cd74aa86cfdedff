"""An oblast's release: made once by staff in a background task, protected as one family
together with every earlier release, stored as published."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from league import disclosure
from league.models import User
from league.reports import periods, releases, services
from league.reports.models import Release
from league.reports.progress import last_due_quarter
from league.reports.tests.conftest import YEAR, add_report
from league.tests.factories import UserFactory
from monitoring.models import DataValue
from monitoring.tests.factories import period_for

URL = reverse("reports:release_make")


@pytest.fixture
def staff(db):
    return UserFactory(role=User.Role.STAFF)


def make(data, staff, capture):
    with capture(execute=True):
        release = services.release_request(oblast=data["oblast"], requested_by=staff)
    release.refresh_from_db()
    return release


def name(area, period, code="IDENTIFIED", option=""):
    return releases.cell_name((area, period, code, option))


def test_the_project_to_date_is_made_of_fixed_periods():
    assert releases.to_date_parts((2016, 4)) == ["2016-Q4"]
    assert releases.to_date_parts((2018, 1)) == ["2016-Q4", "2017", "2018-Q1"]
    assert releases.to_date_parts((2018, 2)) == ["2016-Q4", "2017", "2018-H1"]
    assert releases.to_date_parts((2018, 3)) == ["2016-Q4", "2017", "2018-H1", "2018-Q3"]
    assert [period.code for period in periods.fixed_periods((2017, 2))] == [
        "all-2017-Q2",
        "2017-H1",
        "2017-Q2",
        "2017-Q1",
        "2016-Q4",
    ]


def test_staff_make_a_release_the_task_stores_the_protected_family(
    client, small_oblast, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    oblast = small_oblast["oblast"]
    a, b = f"c{small_oblast['a'].pk}", f"c{small_oblast['b'].pk}"
    north = f"r{small_oblast['north'].pk}"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"oblast": oblast.pk, "form_token": uuid.uuid4()})

    release = Release.objects.get()
    cells = release.shown["cells"]
    assert response.status_code == 302 and f"oblast={oblast.pk}" in response.url
    assert (release.number, release.state, release.replaces) == (1, Release.State.DONE, None)
    assert release.through == last_due_quarter(release.requested_at.date())
    assert release.made_at is not None and release.requested_by == staff
    # Small counts are labelled, zeros stay, every fixed period is there.
    assert cells[name(b, f"{YEAR}-Q1")] == "<5"
    assert cells[name(a, f"{YEAR}-Q3")] == 0
    assert {name(north, code) for code in (f"{YEAR}-H1", str(YEAR), "2016-Q4")} <= set(cells)
    # Money as the database sums it (PostgreSQL keeps the cents: "1500.00").
    assert Decimal(release.shown["plain"][name("oblast", f"{YEAR}-Q1", "BUDGET_SPENT")]) == 1500
    # No sum of the family has exactly one hidden cell: none is given away by subtraction.
    family = releases.Family(
        release.through,
        release.exact["raions"],
        {releases.cell_key(key): value for key, value in release.exact["cells"].items()},
        {},
    )
    for relation in family.table().sums:
        hidden = [
            key
            for key in (relation.total, *relation.parts)
            if not isinstance(cells[releases.cell_name(key)], int)
        ]
        assert len(hidden) != 1, relation
    # The staff page lists it with the button for the next.
    page = client.get(response.url).content.decode()
    assert "Випуски для ради й громадськості" in page


def test_a_second_press_of_the_same_form_makes_nothing(
    client, small_oblast, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    form = {"oblast": small_oblast["oblast"].pk, "form_token": uuid.uuid4()}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form)
        again = client.post(URL, form, follow=True)

    assert Release.objects.count() == 1
    assert "Цю форму вже було збережено" in again.content.decode()


def test_a_release_is_refused_while_another_is_being_made(small_oblast, staff):
    # Without the commit the task has not run: the first is still queued.
    services.release_request(oblast=small_oblast["oblast"], requested_by=staff)

    with pytest.raises(services.ReportError) as refused:
        services.release_request(oblast=small_oblast["oblast"], requested_by=staff)

    assert refused.value.code == "busy"
    assert Release.objects.count() == 1


def test_a_damaged_form_makes_nothing(client, small_oblast, staff):
    client.force_login(staff)

    response = client.post(URL, {"oblast": small_oblast["oblast"].pk}, follow=True)

    assert "нічого не зроблено" in response.content.decode()
    assert not Release.objects.exists()


def test_the_task_runs_once(small_oblast, staff, django_capture_on_commit_callbacks):
    release = make(small_oblast, staff, django_capture_on_commit_callbacks)
    made_at = release.made_at

    again = services.release_make(release_id=release.pk)

    assert again.made_at == made_at and again.state == Release.State.DONE


def test_a_correction_replaces_the_release_and_keeps_what_it_published(
    small_oblast, staff, django_capture_on_commit_callbacks
):
    first = make(small_oblast, staff, django_capture_on_commit_callbacks)
    # A report is corrected after the release: community a's first quarter 12 -> 13.
    value = DataValue.objects.get(
        report__community=small_oblast["a"],
        report__period__quarter=1,
        indicator__code="IDENTIFIED",
        dimension="",
    )
    value.value = 13
    value.save()

    second = make(small_oblast, staff, django_capture_on_commit_callbacks)

    assert second.number == 2 and second.replaces == first
    assert second.state == Release.State.DONE
    assert second.exact["cells"][name(f"c{small_oblast['a'].pk}", f"{YEAR}-Q1")] == 13
    # Every figure the first release showed and the second did not change is shown again:
    # a figure once published is not withdrawn.
    unchanged = [
        cell
        for cell, shown in first.shown["cells"].items()
        if isinstance(shown, int) and first.exact["cells"][cell] == second.exact["cells"][cell]
    ]
    assert unchanged
    assert all(second.shown["cells"][cell] == first.shown["cells"][cell] for cell in unchanged)


def test_a_correction_that_an_earlier_figure_would_give_away_is_refused(
    small_oblast, staff, django_capture_on_commit_callbacks
):
    # A raion of two communities, 9 and 0, published exactly. A correction moves 3 people
    # from one to the other: the raion's 9 is unchanged and out for good, and the worker
    # of the community with 6 would subtract it from 9 and learn the other's 3.
    from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory

    oblast = OblastFactory(katottg="UA18000000000041385")
    raion = RaionFactory(oblast=oblast)
    nine, zero = CommunityFactory(raion=raion), CommunityFactory(raion=raion)
    add_report(nine, period_for(YEAR, 1), "approved", {"IDENTIFIED": 9})
    add_report(zero, period_for(YEAR, 1), "approved", {"IDENTIFIED": 0})
    first = make({"oblast": oblast}, staff, django_capture_on_commit_callbacks)
    DataValue.objects.filter(report__community=nine).update(value=6)
    DataValue.objects.filter(report__community=zero).update(value=3)

    second = make({"oblast": oblast}, staff, django_capture_on_commit_callbacks)

    assert first.state == Release.State.DONE
    assert second.state == Release.State.FAILED and second.replaces == first
    assert second.error == "Ці показники розкрили б малу кількість; їх не можна оприлюднити."
    assert second.shown == {}


def test_a_total_one_community_could_subtract_its_own_figure_from_is_hidden(
    small_oblast, staff, django_capture_on_commit_callbacks
):
    # 9 and 3 in one raion: the raion's 12 less 9 gives the other's 3 to the first's worker.
    from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory

    oblast = OblastFactory(katottg="UA18000000000041385")
    raion = RaionFactory(oblast=oblast)
    nine, three = CommunityFactory(raion=raion), CommunityFactory(raion=raion)
    add_report(nine, period_for(YEAR, 1), "approved", {"IDENTIFIED": 9})
    add_report(three, period_for(YEAR, 1), "approved", {"IDENTIFIED": 3})

    release = make({"oblast": oblast}, staff, django_capture_on_commit_callbacks)

    assert release.state == Release.State.DONE
    assert release.shown["cells"][name(f"c{three.pk}", f"{YEAR}-Q1")] == "<5"
    assert release.shown["cells"][name(f"r{raion.pk}", f"{YEAR}-Q1")] == "×"


def test_the_joint_protection_sees_the_earlier_release():
    # Unit check of the joint table: an earlier figure that changed is a cell of its own.
    current = {("c1", "2025-Q1", "IDENTIFIED", ""): 5}
    assert releases._earlier_key(("c1", "2025-Q1", "IDENTIFIED", ""), 5, current) == (
        "c1",
        "2025-Q1",
        "IDENTIFIED",
        "",
    )
    assert releases._earlier_key(("c1", "2025-Q1", "IDENTIFIED", ""), 4, current)[0] == "earlier"
    assert disclosure.threshold() == 4


@pytest.mark.parametrize("size", [51, 1000])
def test_reading_a_release_costs_the_same_queries_at_51_and_1000_communities(
    size, catalogue, staff, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory

    oblast = OblastFactory()
    raions = [RaionFactory(oblast=oblast) for _ in range(5)]
    communities = [CommunityFactory(raion=raions[index % 5]) for index in range(size)]
    for index, community in enumerate(communities[:20]):
        add_report(community, period_for(YEAR, 1 + index % 4), "approved", {"IDENTIFIED": index})
    make({"oblast": oblast}, staff, django_capture_on_commit_callbacks)

    # The release (with its oblast); the communities' and raions' names; indicators;
    # completeness: communities, reports.
    with django_assert_num_queries(5):
        release = releases.newest_release(oblast)
        shown = releases.release_monitoring(release=release, period=periods.year(YEAR))

    assert shown.community_count == size
    assert len(shown.communities.lines) == size + 5 + 1  # communities, raions, oblast
    assert shown.communities.lines[-1].figures[-1] == sum(range(20))
