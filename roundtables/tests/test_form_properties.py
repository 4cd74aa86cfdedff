"""Property-based: whatever is typed or uploaded into the forms of round tables, their
participants, resolutions, commitments, files and the register of people, the page saves
valid rows or shows the form again with a message and writes nothing; never a server
error."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from league.tests.form_fuzz import (
    any_text,
    any_value,
    check_outcome,
    choice,
    post_everywhere,
    recent_date,
    rolled_back,
    row_counts,
    submission,
)
from league.tests.forms import hidden_fields
from roundtables.models import (
    Attachment,
    Commitment,
    CommitmentUpdate,
    Participation,
    Person,
    Resolution,
    RoundTable,
)
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

NAME = st.sampled_from(["Олена Петренко", "Іван Коваль-Мельник", "Ганна Лісова"])
POSITION = st.sampled_from(["Староста", "Фахівчиня із соціальної роботи"])


@pytest.fixture
def objects(cast, round_table_a):
    person = PersonFactory(community=cast.community_a)
    participation = ParticipationFactory(round_table=round_table_a, person=person)
    resolution = ResolutionFactory(round_table=round_table_a, number=1)
    commitment = CommitmentFactory(resolution=resolution, community=cast.community_a)
    PersonFactory(community=cast.community_b)  # on no list yet
    return {
        "round_table": round_table_a,
        "person": person,
        "participation": participation,
        "resolution": resolution,
        "commitment": commitment,
    }


def starts_at():
    today = datetime.date.today()
    return st.datetimes(
        min_value=datetime.datetime(today.year - 1, 1, 1),
        max_value=datetime.datetime(today.year + 1, 12, 31),
    ).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M"))


@settings(max_examples=30)
@given(data=st.data())
def test_the_round_table_forms_save_or_refuse_cleanly(data, cast, client_for, objects):
    round_table = objects["round_table"]
    community = str(cast.community_a.pk)
    fields = {
        "series": st.just(str(round_table.series_id)),
        "number": st.integers(min_value=1, max_value=40).map(str),
        "title": st.sampled_from(["Круглий стіл у Сумах", "Протидія торгівлі людьми"]),
        "starts_at": starts_at(),
        "status": choice(RoundTable.Status.values),
        "venue_community": st.sampled_from([community, str(cast.community_b.pk)]),
        "venue_address": st.sampled_from(["вул. Соборна, 1", ""]),
        "invited_communities": st.sampled_from([[community], [community, "999999"]]),
        "facilitators": st.sampled_from([[], [str(cast.staff.pk)], [str(cast.worker_a.pk)]]),
        "minutes": any_text(),
        "agenda-TOTAL_FORMS": st.sampled_from(["2", "0", "1000"]),
        "agenda-INITIAL_FORMS": st.just("0"),
        "agenda-0-order": st.sampled_from(["1", "2", ""]),
        "agenda-0-title": st.sampled_from(["Відкриття", ""]),
        "agenda-0-speaker": st.sampled_from(["", "Голова"]),
        "agenda-1-order": st.sampled_from(["1", ""]),
        "agenda-1-title": st.sampled_from(["Обговорення", ""]),
        "agenda-1-DELETE": st.sampled_from(["", "on"]),
    }
    urls = [
        reverse("roundtables:create"),
        reverse("roundtables:update", kwargs={"pk": round_table.pk}),
    ]
    post_everywhere(client_for("staff"), urls, data.draw(submission(fields)), [RoundTable])


@settings(max_examples=30)
@given(data=st.data())
def test_the_attendance_form_saves_or_refuses_cleanly(data, cast, client_for, objects):
    community = str(cast.community_a.pk)
    fields = {
        "attended": st.sampled_from([[str(objects["participation"].pk)], [], ["x", "-1"]]),
        "walkin-TOTAL_FORMS": st.sampled_from(["2", "0", "5000"]),
        "walkin-INITIAL_FORMS": st.just("0"),
        "walkin-0-full_name": NAME,
        "walkin-0-position": POSITION,
        "walkin-0-organisation": st.sampled_from(["", "ГО «Ліга»"]),
        "walkin-0-community": st.sampled_from([community, str(cast.community_b.pk)]),
        "walkin-0-category": choice(Person.Category.values),
        "walkin-1-full_name": NAME,
        "walkin-1-position": POSITION,
        "walkin-1-community": st.just(community),
        "walkin-1-category": choice(Person.Category.values),
    }
    url = reverse("roundtables:attendance", kwargs={"pk": objects["round_table"].pk})
    post_everywhere(
        client_for("staff"), [url], data.draw(submission(fields)), [Participation, Person]
    )


@settings(max_examples=30)
@given(data=st.data())
def test_the_participant_forms_save_or_refuse_cleanly(data, cast, client_for, objects):
    """Several people of the register at once, or a new person: saved, or the form again
    with its message and nothing half-saved (no person without their participation)."""
    listed = objects["person"].pk
    others = list(Person.objects.exclude(pk=listed).values_list("pk", flat=True))
    people = [str(pk) for pk in others]
    existing = {
        "invite_existing": st.just("1"),
        "existing-person": st.one_of(
            st.lists(st.sampled_from(people), min_size=1, unique=True),
            st.sampled_from([[str(listed)], [*people, str(listed)], ["99999999999999999999"]]),
        ),
        "existing-status": choice(Participation.Status.values),
    }
    new = {
        "new-full_name": NAME,
        "new-position": POSITION,
        "new-organisation": st.sampled_from(["", "Сільська рада"]),
        "new-community": st.sampled_from([str(cast.community_a.pk), str(cast.community_b.pk)]),
        "new-category": choice(Person.Category.values),
        "new-phone": st.sampled_from(["", "+380 50 123 4567"]),
        "new-email": st.sampled_from(["", "olena@example.org"]),
        "new-consent_to_contacts": st.sampled_from(["on", ""]),
        "new-status": choice(Participation.Status.values),
    }
    posted = data.draw(st.one_of(submission(existing), submission(new)))
    url = reverse("roundtables:participant_add", kwargs={"pk": objects["round_table"].pk})
    client = client_for("staff")
    with rolled_back():
        hidden = hidden_fields(client.get(url))
        before = row_counts()
        response = client.post(url, {"csrfmiddlewaretoken": "x", **hidden, **posted})
        if check_outcome(response, before, [Participation, Person]) == "saved":
            # Nothing half-saved: a person added to the register is on this list too.
            new_people = Person.objects.exclude(pk__in=[*others, listed])
            assert not new_people.exclude(participations__round_table=objects["round_table"])


@settings(max_examples=30)
@given(status=any_value())
def test_the_participation_status_takes_any_value(status, client_for, objects):
    url = reverse("roundtables:participation_status", kwargs={"pk": objects["participation"].pk})
    with rolled_back():
        response = client_for("staff").post(url, {"status": status})
        assert response.status_code == 302
        for participation in Participation.objects.all():
            participation.full_clean()


RESOLUTION = {
    "number": st.integers(min_value=1, max_value=5).map(str),
    "text": st.sampled_from(["Рекомендувати громадам визначити координатора.", ""]),
}


@settings(max_examples=30)
@given(data=submission(RESOLUTION))
def test_the_resolution_forms_save_or_refuse_cleanly(data, client_for, objects):
    urls = [
        reverse("roundtables:resolution_create", kwargs={"pk": objects["round_table"].pk}),
        reverse("roundtables:resolution_update", kwargs={"pk": objects["resolution"].pk}),
    ]
    post_everywhere(client_for("staff"), urls, data, [Resolution])


@settings(max_examples=30)
@given(data=st.data())
def test_the_commitment_forms_save_or_refuse_cleanly(data, cast, client_for, objects):
    fields = {
        "text": st.sampled_from(["Визначити координатора", "Провести навчання"]),
        "community": st.sampled_from([str(cast.community_a.pk), str(cast.community_b.pk)]),
        "responsible": st.sampled_from(["Виконавчий комітет", ""]),
        "due_date": recent_date(),
    }
    urls = [
        reverse("roundtables:commitment_create", kwargs={"pk": objects["resolution"].pk}),
        reverse("roundtables:commitment_update", kwargs={"pk": objects["commitment"].pk}),
    ]
    post_everywhere(client_for("staff"), urls, data.draw(submission(fields)), [Commitment])


COMMITMENT_STATUS = {
    "status": choice(Commitment.Status.values),
    "date": recent_date(),
    "note": st.sampled_from(["Розпорядження № 12 від голови громади", ""]),
}


@settings(max_examples=30)
@given(data=submission(COMMITMENT_STATUS))
@pytest.mark.parametrize("role", ["worker_a", "staff"])
def test_the_commitment_status_form_saves_or_refuses_cleanly(data, role, client_for, objects):
    url = reverse("roundtables:commitment_status", kwargs={"pk": objects["commitment"].pk})
    post_everywhere(client_for(role), [url], data, [Commitment, CommitmentUpdate])


ATTACHMENT = {
    "kind": choice(Attachment.Kind.values),
    "description": st.sampled_from(["", "Скан протоколу"]),
}


@settings(max_examples=30)
@given(data=submission(ATTACHMENT, files=("file",)))
def test_the_attachment_form_saves_or_refuses_cleanly(data, client_for, objects):
    url = reverse("roundtables:attachment_upload", kwargs={"pk": objects["round_table"].pk})
    post_everywhere(client_for("staff"), [url], data, [Attachment])


@settings(max_examples=30)
@given(data=submission({}, files=("file",)))
def test_the_participant_import_form_imports_or_refuses_cleanly(data, client_for, objects):
    url = reverse("roundtables:participant_import", kwargs={"pk": objects["round_table"].pk})
    post_everywhere(client_for("staff"), [url], data, [Participation, Person])


@settings(max_examples=30)
@given(data=st.data())
def test_the_person_forms_save_or_refuse_cleanly(data, cast, client_for, objects):
    fields = {
        "full_name": NAME,
        "position": POSITION,
        "organisation": st.sampled_from(["", "Сільська рада"]),
        "community": st.sampled_from([str(cast.community_a.pk), str(cast.community_b.pk)]),
        "category": choice(Person.Category.values),
        "phone": st.sampled_from(["", "+380 50 123 4567", "050-123-45-67"]),
        "email": st.sampled_from(["", "olena@example.org"]),
        "consent_to_contacts": st.sampled_from(["on", ""]),
    }
    urls = [
        reverse("roundtables:person_create"),
        reverse("roundtables:person_update", kwargs={"pk": objects["person"].pk}),
    ]
    post_everywhere(client_for("staff"), urls, data.draw(submission(fields)), [Person])


FILTER_NAMES = [
    "status",
    "former_raion",
    "date_from",
    "date_to",
    "community",
    "overdue",
    "name",
    "category",
    "page",
]


@settings(max_examples=30)
@given(query=st.dictionaries(st.sampled_from(FILTER_NAMES), any_value(), max_size=4))
def test_the_lists_take_any_filter(query, client_for, objects):
    client = client_for("staff")
    for name in ("roundtables:list", "roundtables:commitment_list", "roundtables:person_list"):
        assert client.get(reverse(name), query).status_code in (200, 400)


@pytest.mark.parametrize("field", ["facilitators", "invited_communities"])
def test_an_id_beyond_64_bits_is_an_invalid_choice(field, cast, client_for, objects):
    round_table = objects["round_table"]
    data = {
        "series": round_table.series_id,
        "number": 2,
        "title": "Круглий стіл",
        "starts_at": "2025-05-01T10:00",
        "status": "held",
        "venue_community": cast.community_a.pk,
        "invited_communities": [cast.community_a.pk],
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
        field: ["99999999999999999999"],
    }
    response = client_for("staff").post(reverse("roundtables:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert RoundTable.objects.count() == 1
