"""The register of people, the list of each round table, and the attendance page."""

import uuid
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtables.models import Participation, Person
from roundtables.tests.factories import (
    ParticipationFactory,
    PersonFactory,
    PlannedRoundTableFactory,
)

pytestmark = pytest.mark.django_db
ATTENDED, ABSENT = Participation.Status.ATTENDED, Participation.Status.ABSENT


def attendance_url(round_table):
    return reverse("roundtables:attendance", args=[round_table.pk])


def walk_in_data(rows=(), extra=4, venue=None):
    """The walk-in formset's fields: given rows first, the rest left untouched."""
    data = {"walkin-TOTAL_FORMS": extra, "walkin-INITIAL_FORMS": 0}
    for index in range(extra):
        row = rows[index] if index < len(rows) else {"community": venue.pk if venue else ""}
        for name, value in row.items():
            data[f"walkin-{index}-{name}"] = value
    return data


@pytest.fixture
def three_invited(round_table_a, cast):
    return [
        ParticipationFactory(
            round_table=round_table_a,
            person=PersonFactory(community=cast.community_a, full_name=name),
            status=status,
        )
        for name, status in [
            ("Бойко Ірина", "confirmed"),
            ("Кравченко Олег", "invited"),
            ("Мороз Алла", "confirmed"),
        ]
    ]


# --- Attendance ---


def test_the_attendance_page_has_a_box_per_person_on_the_list(
    client_for, round_table_a, three_invited
):
    page = client_for("staff").get(attendance_url(round_table_a)).content.decode()
    for participation in three_invited:
        assert f'name="attended" value="{participation.pk}"' in page
    assert "roundtables/attendance.js" in page


def test_staff_mark_attendance_and_add_walk_ins(client_for, cast, round_table_a, three_invited):
    first, _, third = three_invited
    data = {
        "attended": [first.pk, third.pk],
        **walk_in_data(
            [
                {
                    "full_name": "Шульга Петро Іванович",
                    "position": "Староста",
                    "organisation": "",
                    "community": cast.community_a.pk,
                    "category": "other",
                }
            ],
            venue=cast.community_a,
        ),
    }
    client = client_for("staff")
    response = client.post(attendance_url(round_table_a), data)
    assert response.status_code == 302
    statuses = dict(round_table_a.participations.values_list("person__full_name", "status"))
    assert statuses == {
        "Бойко Ірина": ATTENDED,
        "Кравченко Олег": ABSENT,
        "Мороз Алла": ATTENDED,
        "Шульга Петро Іванович": ATTENDED,
    }
    walk_in = round_table_a.participations.get(person__full_name="Шульга Петро Іванович")
    assert walk_in.walk_in and walk_in.history.latest().history_user == cast.staff
    page = client.get(response.url).content.decode()
    assert "Attendance recorded: 3 attended, 1 absent." in page


def test_a_walk_in_already_registered_is_linked_not_duplicated(
    client_for, cast, round_table_a, three_invited
):
    known = PersonFactory(full_name="Дем’яненко Ольга", community=cast.community_a)
    row = {
        "full_name": "  дем'яненко   ОЛЬГА ",
        "position": "Секретар ради",
        "community": cast.community_a.pk,
        "category": "other",
    }
    response = client_for("staff").post(
        attendance_url(round_table_a), walk_in_data([row], venue=cast.community_a), follow=True
    )
    assert Person.objects.filter(community=cast.community_a, name_key=known.name_key).count() == 1
    assert round_table_a.participations.get(person=known).status == ATTENDED
    assert "linked to the existing record: Дем’яненко Ольга" in response.content.decode()


def test_an_incomplete_walk_in_row_is_refused_and_nothing_changes(
    client_for, cast, round_table_a, three_invited
):
    row = {
        "full_name": "Без Посади",
        "position": "",
        "community": cast.community_a.pk,
        "category": "other",
    }
    data = {"attended": [three_invited[0].pk], **walk_in_data([row], venue=cast.community_a)}
    response = client_for("staff").post(attendance_url(round_table_a), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Person.objects.filter(full_name="Без Посади").exists()
    assert not round_table_a.participations.filter(status=ATTENDED).exists()


def test_attendance_before_the_meeting_is_refused(client_for, cast):
    planned = PlannedRoundTableFactory(venue_community=cast.community_a)
    invited = ParticipationFactory(round_table=planned, person__community=cast.community_a)
    response = client_for("staff").post(
        attendance_url(planned), {"attended": [invited.pk], **walk_in_data(venue=cast.community_a)}
    )
    assert "opens on the day of the round table" in response.content.decode()
    invited.refresh_from_db()
    assert invited.status == Participation.Status.INVITED


def test_ids_of_another_round_table_are_ignored(client_for, cast, round_table_a, round_table_b):
    elsewhere = ParticipationFactory(round_table=round_table_b, person__community=cast.community_b)
    client_for("staff").post(
        attendance_url(round_table_a),
        {"attended": [elsewhere.pk], **walk_in_data(venue=cast.community_a)},
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == Participation.Status.INVITED


@pytest.mark.parametrize(
    ("role", "status"), [("worker_a", 403), ("worker_b", 404), ("council", 403)]
)
def test_only_staff_mark_attendance(client_for, round_table_a, three_invited, role, status):
    response = client_for(role).post(
        attendance_url(round_table_a), {"attended": [three_invited[0].pk], **walk_in_data()}
    )
    assert response.status_code == status
    assert not Participation.objects.filter(status=ATTENDED).exists()


# --- Adding people to the list; one record per person ---


def add_url(round_table):
    return reverse("roundtables:participant_add", args=[round_table.pk])


def new_person(cast, **overrides):
    data = {
        "new-full_name": "Бойко Ірина Петрівна",
        "new-position": "Сільська голова",
        "new-organisation": "",
        "new-community": cast.community_a.pk,
        "new-category": "head",
        "new-phone": "",
        "new-email": "",
        "new-status": "invited",
        "new-form_token": uuid4(),
    }
    data.update(overrides)
    return data


def test_staff_put_a_registered_person_on_the_list(client_for, cast, round_table_a):
    person = PersonFactory(community=cast.community_b)
    response = client_for("staff").post(
        add_url(round_table_a),
        {
            "invite_existing": "1",
            "existing-person": person.pk,
            "existing-status": "confirmed",
            "existing-form_token": uuid4(),
        },
    )
    assert response.status_code == 302
    assert round_table_a.participations.get().person == person
    assert round_table_a.participations.get().status == Participation.Status.CONFIRMED


def test_staff_add_a_new_person_to_the_register_and_the_list(client_for, cast, round_table_a):
    response = client_for("staff").post(add_url(round_table_a), new_person(cast))
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.full_name, person.community, person.category) == (
        "Бойко Ірина Петрівна",
        cast.community_a,
        "head",
    )
    assert round_table_a.participations.get().person == person


def test_a_person_already_registered_is_offered_instead_of_a_duplicate(
    client_for, cast, round_table_a
):
    existing = PersonFactory(full_name="Бойко Ірина Петрівна", community=cast.community_a)
    client = client_for("staff")
    response = client.post(
        add_url(round_table_a), new_person(cast, **{"new-full_name": "БОЙКО ірина  петрівна"})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is already in the register" in page
    assert f'name="existing-person" value="{existing.pk}"' in page
    assert Person.objects.count() == 1 and not Participation.objects.exists()
    # Taking the offer puts the existing record on the list.
    response = client.post(
        add_url(round_table_a),
        {
            "invite_existing": "1",
            "existing-person": existing.pk,
            "existing-status": "invited",
            "existing-form_token": uuid4(),
        },
    )
    assert response.status_code == 302
    assert round_table_a.participations.get().person == existing
    assert Person.objects.count() == 1


def test_the_same_name_in_another_community_is_another_person(client_for, cast, round_table_a):
    PersonFactory(full_name="Бойко Ірина Петрівна", community=cast.community_b)
    client_for("staff").post(add_url(round_table_a), new_person(cast))
    assert Person.objects.filter(full_name="Бойко Ірина Петрівна").count() == 2


def test_contacts_without_consent_are_refused(client_for, cast, round_table_a):
    response = client_for("staff").post(
        add_url(round_table_a), new_person(cast, **{"new-phone": "+380 50 000 0000"})
    )
    assert "Phone and email may be stored only with consent." in response.content.decode()
    assert not Person.objects.exists()


def test_attended_cannot_be_set_before_the_meeting(client_for, cast):
    planned = PlannedRoundTableFactory(venue_community=cast.community_a)
    response = client_for("staff").post(
        add_url(planned), new_person(cast, **{"new-status": "attended"})
    )
    assert "opens on the day of the round table" in response.content.decode()
    assert not Person.objects.exists()  # the person and the place are one transaction


@pytest.mark.parametrize(
    ("role", "status"), [("worker_a", 403), ("worker_b", 404), ("council", 403)]
)
def test_only_staff_add_participants(client_for, cast, round_table_a, role, status):
    assert client_for(role).post(add_url(round_table_a), new_person(cast)).status_code == status
    assert not Person.objects.exists()


# --- One place on the list ---


def test_staff_change_a_participation_status(client_for, cast, round_table_a):
    participation = ParticipationFactory(
        round_table=round_table_a, person__community=cast.community_a
    )
    url = reverse("roundtables:participation_status", args=[participation.pk])
    response = client_for("staff").post(url, {"status": "absent", "version": 1})
    assert response.status_code == 302 and response.url.endswith("#participants")
    participation.refresh_from_db()
    assert participation.status == ABSENT


def test_an_unknown_participation_status_is_refused(client_for, cast, round_table_a):
    participation = ParticipationFactory(
        round_table=round_table_a, person__community=cast.community_a
    )
    url = reverse("roundtables:participation_status", args=[participation.pk])
    response = client_for("staff").post(url, {"status": "vanished"}, follow=True)
    assert "Choose a participation status." in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == Participation.Status.INVITED


def test_staff_take_someone_off_the_list_and_the_register_keeps_them(
    client_for, cast, round_table_a
):
    participation = ParticipationFactory(
        round_table=round_table_a, person__community=cast.community_a
    )
    url = reverse("roundtables:participation_remove", args=[participation.pk])
    assert client_for("staff").post(url, {"confirmed": "yes"}).status_code == 302
    assert not Participation.objects.exists() and Person.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("worker_a", 403), ("worker_b", 404), ("council", 403)]
)
def test_only_staff_change_the_list(client_for, cast, round_table_a, role, status):
    participation = ParticipationFactory(
        round_table=round_table_a, person__community=cast.community_a
    )
    client = client_for(role)
    status_url = reverse("roundtables:participation_status", args=[participation.pk])
    remove_url = reverse("roundtables:participation_remove", args=[participation.pk])
    assert client.post(status_url, {"status": "absent", "version": 1}).status_code == status
    assert client.post(remove_url).status_code == status
    participation.refresh_from_db()
    assert participation.status == Participation.Status.INVITED


# --- The register ---


def test_the_register_lists_people_with_contacts_for_staff(client_for, cast):
    PersonFactory(
        full_name="Бойко Ірина",
        community=cast.community_a,
        phone="+380 50 1",
        consent_to_contacts=True,
    )
    PersonFactory(full_name="Мороз Алла", community=cast.community_b)
    response = client_for("staff").get(reverse("roundtables:person_list") + "?name=бойко")
    page = response.content.decode()
    assert "Бойко Ірина" in page and "+380 50 1" in page and "Мороз Алла" not in page


def test_the_register_is_for_staff_only(client_for):
    for role in ("worker_a", "council"):
        assert client_for(role).get(reverse("roundtables:person_list")).status_code == 403


def test_creating_a_registered_person_offers_the_existing_record(client_for, cast):
    existing = PersonFactory(full_name="Бойко Ірина", community=cast.community_a)
    data = {key.removeprefix("new-"): value for key, value in new_person(cast).items()}
    data["full_name"] = "бойко  ірина"
    response = client_for("staff").post(reverse("roundtables:person_create"), data)
    page = response.content.decode()
    assert "is already in the register" in page
    assert reverse("roundtables:person_update", args=[existing.pk]) in page
    assert Person.objects.count() == 1


def test_staff_create_and_edit_a_person(client_for, cast):
    data = {key.removeprefix("new-"): value for key, value in new_person(cast).items()}
    client = client_for("staff")
    assert client.post(reverse("roundtables:person_create"), data).status_code == 302
    person = Person.objects.get()
    data.update(position="Голова громади", phone="+380 50 2", consent_to_contacts="on", version=1)
    assert (
        client.post(reverse("roundtables:person_update", args=[person.pk]), data).status_code == 302
    )
    person.refresh_from_db()
    assert (person.position, person.phone) == ("Голова громади", "+380 50 2")
    assert person.history.latest().history_user == cast.staff


def test_renaming_into_a_duplicate_is_refused(client_for, cast):
    PersonFactory(full_name="Бойко Ірина", community=cast.community_a)
    other = PersonFactory(full_name="Мороз Алла", community=cast.community_a)
    data = {key.removeprefix("new-"): value for key, value in new_person(cast).items()}
    data["full_name"] = "Бойко Ірина"
    data["version"] = other.version
    response = client_for("staff").post(reverse("roundtables:person_update", args=[other.pk]), data)
    assert "already registered in this community" in response.content.decode()
    other.refresh_from_db()
    assert other.full_name == "Мороз Алла"


def test_ids_in_forms_are_never_written_with_thousand_separators(client_for, cast, round_table_a):
    """An id printed as "1,234,567" would tick nobody: ids in forms stay plain."""
    participation = ParticipationFactory(
        pk=1234567, round_table=round_table_a, person__community=cast.community_a
    )
    client = client_for("staff")
    page = client.get(attendance_url(round_table_a)).content.decode()
    assert 'name="attended" value="1234567"' in page
    client.post(
        attendance_url(round_table_a),
        {"attended": ["1234567"], **walk_in_data(venue=cast.community_a)},
    )
    participation.refresh_from_db()
    assert participation.status == ATTENDED


def test_staff_put_several_people_of_the_invited_communities_on_the_list_at_once(
    client_for, cast, round_table_a
):
    first, second = PersonFactory.create_batch(2, community=cast.community_a)
    response = client_for("staff").post(
        add_url(round_table_a),
        {
            "invite_existing": "1",
            "existing-person": [first.pk, second.pk],
            "existing-status": "confirmed",
            "existing-form_token": uuid.uuid4(),
        },
        follow=True,
    )
    assert "2 people are on the list." in response.content.decode()
    assert set(round_table_a.participations.values_list("person", "status")) == {
        (first.pk, "confirmed"),
        (second.pk, "confirmed"),
    }


def test_the_register_offers_only_the_people_of_the_invited_communities(
    client_for, cast, round_table_a
):
    invited = PersonFactory(full_name="Запрошена Ганна", community=cast.community_a)
    PersonFactory(full_name="Незапрошений Петро", community=cast.community_b)
    page = client_for("staff").get(add_url(round_table_a)).content.decode()
    assert f'value="{invited.pk}"' in page and "Запрошена Ганна" in page
    assert "Незапрошений Петро" not in page
    assert "people_filter.js" in page


def test_the_sheet_before_its_day_says_when_it_opens_and_takes_no_ticks(client_for, cast):
    planned = PlannedRoundTableFactory(venue_community=cast.community_a)
    ParticipationFactory(round_table=planned, person__community=cast.community_a)
    page = client_for("staff").get(attendance_url(planned)).content.decode()
    assert 'id="attendance-closed"' in page and "opens on the day of the round table" in page
    assert 'name="attended"' not in page and 'id="attendance-form"' not in page


def test_the_sheet_opens_on_the_day_before_the_round_table_begins(client_for, cast):
    """Staff tick people at the door as they arrive, before the starting time."""
    later_today = timezone.localtime().replace(hour=23, minute=59, second=59)
    today = PlannedRoundTableFactory(venue_community=cast.community_a, starts_at=later_today)
    invited = ParticipationFactory(round_table=today, person__community=cast.community_a)
    client = client_for("staff")
    assert 'name="attended"' in client.get(attendance_url(today)).content.decode()
    response = client.post(
        attendance_url(today), {"attended": [invited.pk], **walk_in_data(venue=cast.community_a)}
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == Participation.Status.ATTENDED
