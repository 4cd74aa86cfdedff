"""The list, detail and form pages of round tables, per role."""

import datetime
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtables.models import AgendaItem, RoundTable, RoundTableSeries
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    PlannedRoundTableFactory,
    ResolutionFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("roundtables:list")


def listed(response) -> set[int]:
    return {round_table.pk for round_table in response.context["page"]}


# --- The list ---


def test_staff_sees_every_round_table(
    client_for, round_table_a, round_table_b, other_oblast_round_table
):
    response = client_for("staff").get(LIST)
    assert listed(response) == {round_table_a.pk, round_table_b.pk, other_oblast_round_table.pk}


def test_a_worker_sees_only_round_tables_that_invited_their_community(
    client_for, cast, round_table_a, round_table_b
):
    both = RoundTableFactory(
        venue_community=cast.community_b, invited=[cast.community_a, cast.community_b]
    )
    # worker_a serves both invited communities: the round table is still listed once.
    cast.worker_a.communities.add(cast.community_b)
    response = client_for("worker_a").get(LIST)
    assert [round_table.pk for round_table in response.context["page"]].count(both.pk) == 1
    response = client_for("worker_b").get(LIST)
    assert listed(response) == {round_table_b.pk, both.pk}


def test_council_sees_the_round_tables_of_its_oblast(
    client_for, round_table_a, round_table_b, other_oblast_round_table
):
    response = client_for("council").get(LIST)
    assert listed(response) == {round_table_a.pk, round_table_b.pk}


def test_the_list_shows_progress_against_the_target_held_as_data(client_for, cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast, target=18)
    held = RoundTableFactory(series=series, venue_community=cast.community_a)
    PlannedRoundTableFactory(series=series, venue_community=cast.community_b)
    ParticipationFactory(
        round_table=held, person=PersonFactory(community=cast.community_a), status="attended"
    )
    # Invited but absent: community B is not represented.
    ParticipationFactory(
        round_table=held, person=PersonFactory(community=cast.community_b), status="absent"
    )
    page = client_for("council").get(LIST).content.decode()
    assert "Held 1 of 18" in page
    assert "1 of 2" in page  # communities represented, of the oblast's two
    RoundTableSeries.objects.filter(pk=series.pk).update(target=20)
    assert "Held 1 of 20" in client_for("council").get(LIST).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=planned", {"planned"}),
        ("status=held", {"a", "b"}),
        ("community={community_b}", {"b"}),
        ("former_raion={former}", {"a"}),
        ("date_from={recent}", {"planned"}),
        ("date_to={recent}", {"a", "b"}),
    ],
)
def test_the_list_filters(client_for, cast, round_table_a, round_table_b, query, expected):
    from communities.models import FormerRaion

    former = FormerRaion.objects.create(
        oblast=cast.oblast,
        koatuu="5924700000",
        name="Сумський",
        centre="м. Суми",
        present_raion=cast.raion,
    )
    RoundTable.objects.filter(pk=round_table_a.pk).update(former_raion=former)
    planned = PlannedRoundTableFactory(venue_community=cast.community_a)
    names = {round_table_a.pk: "a", round_table_b.pk: "b", planned.pk: "planned"}
    recent = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    url = (
        LIST + "?" + query.format(community_b=cast.community_b.pk, former=former.pk, recent=recent)
    )
    response = client_for("staff").get(url)
    assert {names[pk] for pk in listed(response)} == expected


def test_the_list_paginates(client_for, cast):
    for _ in range(23):
        RoundTableFactory(venue_community=cast.community_a)
    first = client_for("staff").get(LIST)
    second = client_for("staff").get(LIST + "?page=2")
    assert len(first.context["page"]) == 20
    assert len(second.context["page"]) == 3
    assert "Page 1 of 2" in first.content.decode()


def test_the_list_costs_the_same_for_18_round_tables_of_40(
    client_for, eighteen_round_tables, django_assert_num_queries
):
    client = client_for("worker_a")
    # session, user, count, the series' progress, former raions (filter), the page with
    # its attendance counts (the community filter is searched): 6.
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert len(response.context["page"]) == 18
    assert response.context["page"][0].attended_count == 30
    assert "Held 18 of 18" in response.content.decode()


# --- The detail page ---


def detail(round_table):
    return reverse("roundtables:detail", args=[round_table.pk])


@pytest.fixture
def full_round_table(round_table_a, cast):
    round_table_a.minutes = "Обговорили механізм взаємодії.\n\nУхвалили рекомендації."
    round_table_a.save()
    AgendaItem.objects.create(round_table=round_table_a, order=1, title="Відкриття")
    ParticipationFactory(
        round_table=round_table_a,
        status="attended",
        person=PersonFactory(
            full_name="Гончаренко Світлана",
            community=cast.community_a,
            category="head",
            phone="+380 50 123 4567",
            email="head@example.org",
            consent_to_contacts=True,
        ),
    )
    resolution = ResolutionFactory(round_table=round_table_a, text="Рекомендувати громадам…")
    CommitmentFactory(
        resolution=resolution, community=cast.community_a, text="Визначити координатора"
    )
    return round_table_a


def test_staff_see_everything_including_contacts(client_for, full_round_table):
    page = client_for("staff").get(detail(full_round_table)).content.decode()
    for text in (
        "Відкриття",
        "Гончаренко Світлана",
        "+380 50 123 4567",
        "head@example.org",
        "Визначити координатора",
        "Ухвалили рекомендації",
        "Mark attendance",
    ):
        assert text in page


def test_a_worker_sees_names_and_positions_never_contacts(client_for, full_round_table):
    response = client_for("worker_a").get(detail(full_round_table))
    page = response.content.decode()
    assert "Гончаренко Світлана" in page
    assert "+380 50 123 4567" not in page and "head@example.org" not in page
    assert "Mark attendance" not in page and "Edit" not in page
    commitment = full_round_table.resolutions.get().commitments.get()
    assert reverse("roundtables:commitment_status", args=[commitment.pk]) in page


def test_council_sees_resolutions_and_counts_but_no_names(client_for, full_round_table):
    page = client_for("council").get(detail(full_round_table)).content.decode()
    assert "Визначити координатора" in page
    assert "Community head" in page  # the summary by category
    assert "Гончаренко Світлана" not in page and "+380 50 123 4567" not in page
    assert reverse("roundtables:protocol_pdf", args=[full_round_table.pk]) not in page


def test_a_worker_of_another_community_gets_404(client_for, full_round_table):
    assert client_for("worker_b").get(detail(full_round_table)).status_code == 404


def test_the_detail_page_costs_the_same_for_40_participants(
    client_for, eighteen_round_tables, django_assert_num_queries
):
    round_table = eighteen_round_tables[0]
    client = client_for("staff")
    # session, user, round table (+series, venue), its invited communities, facilitators,
    # agenda, participations with people, resolutions, commitments, attachments, the
    # participant summary by category, the commitments this user may update: 12.
    with django_assert_num_queries(12):
        response = client.get(detail(round_table))
    assert response.content.decode().count("+380 50 000") == 40


def test_the_detail_page_needs_a_log_in(client, round_table_a):
    response = client.get(detail(round_table_a))
    assert response.status_code == 302 and "login" in response.url


# --- Creating and editing ---


def form_data(cast, series, **overrides):
    data = {
        "series": series.pk,
        "number": 7,
        "title": "Протидія торгівлі людьми: Сумський район",
        "starts_at": (timezone.localtime() - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "status": "held",
        "venue_community": cast.community_a.pk,
        "venue_address": "м. Суми, вул. Соборна, 1",
        "former_raion": "",
        "invited_communities": [cast.community_a.pk, cast.community_b.pk],
        "facilitators": [cast.staff.pk],
        "minutes": "",
        "agenda-TOTAL_FORMS": 3,
        "agenda-INITIAL_FORMS": 0,
        "agenda-0-order": 2,
        "agenda-0-title": "Обговорення",
        "agenda-1-order": 1,
        "agenda-1-title": "Відкриття",
        "agenda-1-speaker": "Ірина Коваленко",
        "agenda-2-order": "",
        "agenda-2-title": "",
        "form_token": uuid4(),  # read by the create form
        "version": 1,  # read by the edit form
    }
    data.update(overrides)
    return data


def test_staff_create_a_round_table_with_its_agenda(client_for, cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast)
    response = client_for("staff").post(reverse("roundtables:create"), form_data(cast, series))
    round_table = RoundTable.objects.get()
    assert response.status_code == 302 and response.url == round_table.get_absolute_url()
    assert set(round_table.invited_communities.all()) == {cast.community_a, cast.community_b}
    assert list(round_table.facilitators.all()) == [cast.staff]
    assert [(item.order, item.title) for item in round_table.agenda_items.all()] == [
        (1, "Відкриття"),
        (2, "Обговорення"),
    ]
    assert round_table.history.latest().history_user == cast.staff


def test_a_held_round_table_in_the_future_is_refused(client_for, cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast)
    future = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client_for("staff").post(
        reverse("roundtables:create"), form_data(cast, series, starts_at=future)
    )
    assert response.status_code == 200
    assert "only once its date has passed" in response.content.decode()
    assert not RoundTable.objects.exists() and not AgendaItem.objects.exists()


def test_the_venue_must_be_invited(client_for, cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast)
    data = form_data(cast, series, invited_communities=[cast.community_b.pk])
    response = client_for("staff").post(reverse("roundtables:create"), data)
    assert "Invite the venue community as well." in response.content.decode()
    assert not RoundTable.objects.exists()


def test_staff_reorder_and_remove_agenda_items(client_for, cast, round_table_a):
    for order, title in enumerate(["Відкриття", "Доповідь", "Обговорення"], start=1):
        AgendaItem.objects.create(round_table=round_table_a, order=order, title=title)
    data = form_data(
        cast,
        round_table_a.series,
        number=round_table_a.number,
        **{
            "agenda-TOTAL_FORMS": 3,
            "agenda-INITIAL_FORMS": 3,
            "agenda-0-order": 1,
            "agenda-0-title": "Відкриття",
            "agenda-1-order": 2,
            "agenda-1-title": "Доповідь",
            "agenda-1-DELETE": "on",
            "agenda-2-order": 1,  # a tie: the rows' order decides
            "agenda-2-title": "Обговорення",
        },
    )
    response = client_for("staff").post(
        reverse("roundtables:update", args=[round_table_a.pk]), data
    )
    assert response.status_code == 302
    assert [(item.order, item.title) for item in round_table_a.agenda_items.all()] == [
        (1, "Відкриття"),
        (2, "Обговорення"),
    ]


def test_the_edit_form_shows_the_current_agenda(client_for, round_table_a):
    AgendaItem.objects.create(round_table=round_table_a, order=1, title="Відкриття")
    response = client_for("staff").get(reverse("roundtables:update", args=[round_table_a.pk]))
    assert 'value="Відкриття"' in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("worker_a", 403), ("worker_b", 404), ("council", 403)]
)
def test_only_staff_edit_a_round_table(client_for, cast, round_table_a, role, status):
    url = reverse("roundtables:update", args=[round_table_a.pk])
    response = client_for(role).post(url, form_data(cast, round_table_a.series, title="Змінено"))
    assert response.status_code == status
    round_table_a.refresh_from_db()
    assert round_table_a.title != "Змінено"


def test_only_staff_create(client_for, cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast)
    assert (
        client_for("worker_a")
        .post(reverse("roundtables:create"), form_data(cast, series))
        .status_code
        == 403
    )
    assert not RoundTable.objects.exists()


def test_for_council_the_people_are_not_even_read(client_for, full_round_table):
    response = client_for("council").get(detail(full_round_table))
    assert list(response.context["round_table"].participations.all()) == []
    assert response.context["summary"][0]["attended"] == 1


def test_series_progress_figures_on_a_hand_made_data_set(cast, django_assert_num_queries):
    """Held, planned and postponed round tables, communities represented (a person of the
    community attended; counted once however often), commitments by outcome, for two
    series of one oblast: one query."""
    import datetime

    from django.utils import timezone

    from roundtables import selectors
    from roundtables.models import Commitment
    from roundtables.tests.factories import CommitmentFactory, ResolutionFactory

    busy = RoundTableSeriesFactory(oblast=cast.oblast, title="Перша серія", target=18)
    idle = RoundTableSeriesFactory(oblast=cast.oblast, title="Друга серія", target=5)
    held = RoundTableFactory.create_batch(2, series=busy, venue_community=cast.community_a)
    PlannedRoundTableFactory(series=busy, venue_community=cast.community_a)
    RoundTableFactory(
        series=busy, venue_community=cast.community_b, status=RoundTable.Status.POSTPONED
    )
    person_a = PersonFactory(community=cast.community_a)
    for round_table in held:
        ParticipationFactory(round_table=round_table, person=person_a, status="attended")
    ParticipationFactory(
        round_table=held[0], person=PersonFactory(community=cast.community_b), status="absent"
    )
    resolution = ResolutionFactory(round_table=held[0])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    CommitmentFactory(resolution=resolution, community=cast.community_a)
    CommitmentFactory(
        resolution=resolution, community=cast.community_a, status=Commitment.Status.DONE
    )
    CommitmentFactory(resolution=resolution, community=cast.community_b, due_date=yesterday)
    CommitmentFactory(
        resolution=ResolutionFactory(round_table=held[1]),
        community=cast.community_b,
        due_date=yesterday,
        status=Commitment.Status.DONE,  # done late: not overdue
    )
    with django_assert_num_queries(1):
        progress = {series.pk: series for series in selectors.series_progress_for_user(cast.staff)}
    figures = [
        "held",
        "planned",
        "postponed",
        "communities_total",
        "communities_represented",
        "commitments_total",
        "commitments_done",
        "commitments_overdue",
    ]
    assert [getattr(progress[busy.pk], name) for name in figures] == [2, 1, 1, 2, 1, 4, 2, 1]
    assert [getattr(progress[idle.pk], name) for name in figures] == [0, 0, 0, 2, 0, 0, 0, 0]


def test_a_series_title_is_shown_as_text_in_the_new_round_table_form(client, cast):
    """The title is typed by staff; a link or a script in it is text, never markup."""
    from roundtables.tests.factories import RoundTableSeriesFactory

    RoundTableSeriesFactory(
        oblast=cast.oblast, title='<a href="https://example.org/">Серія</a><script>x()</script>'
    )
    client.force_login(cast.staff)
    page = client.get(reverse("roundtables:create")).content.decode()
    assert "&lt;a href=&quot;https://example.org/&quot;&gt;Серія&lt;/a&gt;" in page
    assert '<a href="https://example.org/">' not in page and "<script>x()" not in page
