"""Resolutions, commitments and their log: who may see and change what."""

import datetime
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtables.models import Commitment, CommitmentUpdate, Resolution
from roundtables.tests.factories import CommitmentFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    """Asked at each use, never fixed at import."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)
LIST = reverse("roundtables:commitment_list")


@pytest.fixture
def commitment_a(round_table_a, cast):
    resolution = ResolutionFactory(round_table=round_table_a)
    return CommitmentFactory(
        resolution=resolution, community=cast.community_a, text="Обіцянка громади А"
    )


@pytest.fixture
def commitment_b(round_table_b, cast):
    resolution = ResolutionFactory(round_table=round_table_b)
    return CommitmentFactory(
        resolution=resolution, community=cast.community_b, text="Обіцянка громади Б"
    )


def status_url(commitment):
    return reverse("roundtables:commitment_status", args=[commitment.pk])


def listed(response) -> set[int]:
    return {commitment.pk for commitment in response.context["page"]}


# --- The commitments page ---


@pytest.mark.parametrize(
    ("role", "sees"),
    [("staff", {"a", "b"}), ("council", {"a", "b"}), ("worker_a", {"a"}), ("worker_b", {"b"})],
)
def test_each_role_sees_the_commitments_of_its_communities(
    client_for, commitment_a, commitment_b, role, sees
):
    names = {commitment_a.pk: "a", commitment_b.pk: "b"}
    response = client_for(role).get(LIST)
    assert {names[pk] for pk in listed(response)} == sees


def test_a_worker_may_update_only_their_own(client_for, cast, round_table_a, commitment_a):
    # A commitment of B from a round table A was invited to: visible on the round table,
    # not updatable by worker_a.
    of_b = CommitmentFactory(resolution=commitment_a.resolution, community=cast.community_b)
    page = client_for("worker_a").get(reverse("roundtables:detail", args=[round_table_a.pk]))
    assert page.context["updatable"] == {commitment_a.pk}
    assert status_url(commitment_a) in page.content.decode()
    assert status_url(of_b) not in page.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=done", {"done"}),
        ("overdue=yes", {"late"}),
        ("overdue=no", {"done", "fresh", "b"}),
        ("community={community_b}", {"b"}),
        ("status=open&overdue=no", {"fresh", "b"}),
    ],
)
def test_the_commitments_page_filters(
    client_for, cast, commitment_a, commitment_b, query, expected
):
    late = CommitmentFactory(
        resolution=commitment_a.resolution, community=cast.community_a, due_date=today() - DAY
    )
    done = CommitmentFactory(
        resolution=commitment_a.resolution,
        community=cast.community_a,
        due_date=today() - DAY,
        status="done",
    )
    names = {commitment_a.pk: "fresh", commitment_b.pk: "b", late.pk: "late", done.pk: "done"}
    url = LIST + "?" + query.format(community_b=cast.community_b.pk)
    response = client_for("staff").get(url)
    assert {names[pk] for pk in listed(response)} == expected


def test_overdue_ones_come_first_and_are_marked(client_for, cast, commitment_a):
    late = CommitmentFactory(
        resolution=commitment_a.resolution, community=cast.community_a, due_date=today() - DAY
    )
    response = client_for("worker_a").get(LIST)
    assert [commitment.pk for commitment in response.context["page"]] == [late.pk, commitment_a.pk]
    assert response.content.decode().count("badge text-bg-danger") == 1


def test_the_commitments_page_costs_the_same_for_many(
    client_for, eighteen_round_tables, django_assert_num_queries
):
    client = client_for("staff")
    # session, user, count, the page, the commitments this user may update (the community
    # filter is searched, drawing only the chosen); nothing per row: 5.
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 36


# --- Recording a change of status ---


def change(status="done", note="Розпорядження № 12 підписано", on_date=None):
    return {
        "status": status,
        "note": note,
        "date": (on_date or today()).isoformat(),
        "form_token": uuid4(),
    }


def test_a_worker_closes_a_commitment_of_their_community(client_for, cast, commitment_a):
    client = client_for("worker_a")
    response = client.post(status_url(commitment_a), change(on_date=today() - DAY))
    assert response.status_code == 302
    commitment_a.refresh_from_db()
    assert commitment_a.status == Commitment.Status.DONE
    update = CommitmentUpdate.objects.get()
    assert (update.status_before, update.status_after, update.date, update.author) == (
        "open",
        "done",
        today() - DAY,
        cast.worker_a,
    )
    assert commitment_a.history.latest().history_user == cast.worker_a
    page = client.get(response.url).content.decode()
    assert "Commitment status: done." in page and "Розпорядження № 12 підписано" in page


def test_a_worker_cannot_touch_another_communitys_commitment(client_for, commitment_b):
    assert client_for("worker_a").post(status_url(commitment_b), change()).status_code == 404
    commitment_b.refresh_from_db()
    assert commitment_b.status == "open" and not CommitmentUpdate.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "target"),
    [("roundtables:commitment_update", "commitment"), ("roundtables:update", "round_table")],
)
def test_a_worker_may_not_edit_a_commitment_or_a_round_table(
    client_for, commitment_a, round_table_a, url_name, target
):
    pk = commitment_a.pk if target == "commitment" else round_table_a.pk
    client = client_for("worker_a")
    assert client.get(reverse(url_name, args=[pk])).status_code == 403
    assert client.post(reverse(url_name, args=[pk]), {"text": "Інше"}).status_code == 403
    commitment_a.refresh_from_db()
    assert commitment_a.text == "Обіцянка громади А"


def test_council_may_not_update_commitments(client_for, commitment_a):
    assert client_for("council").post(status_url(commitment_a), change()).status_code == 403
    assert not CommitmentUpdate.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: change(note=""), "This field is required."),
        (lambda: change(on_date=today() + DAY), "cannot be in the future"),
        (lambda: change(status="lost"), "Select a valid choice."),
    ],
)
def test_a_bad_change_is_refused_and_nothing_written(client_for, commitment_a, data, message):
    response = client_for("worker_a").post(status_url(commitment_a), data())
    assert response.status_code == 200 and message in response.content.decode()
    commitment_a.refresh_from_db()
    assert commitment_a.status == "open" and not CommitmentUpdate.objects.exists()


def test_the_log_lists_changes_newest_first(client_for, commitment_a, cast):
    client = client_for("staff")
    client.post(
        status_url(commitment_a), change("in_progress", "Готуємо проект", today() - 5 * DAY)
    )
    client.post(status_url(commitment_a), change("done", "Ухвалено", today()))
    log = client.get(status_url(commitment_a)).context["commitment"].updates.all()
    assert [(update.status_before, update.status_after) for update in log] == [
        ("in_progress", "done"),
        ("open", "in_progress"),
    ]


# --- Staff: resolutions and commitments ---


def test_staff_add_a_resolution_numbered_next(client_for, round_table_a):
    ResolutionFactory(round_table=round_table_a, number=1)
    url = reverse("roundtables:resolution_create", args=[round_table_a.pk])
    client = client_for("staff")
    assert client.get(url).context["form"].initial["number"] == 2
    response = client.post(
        url, {"number": 2, "text": "Рекомендувати громадам…", "form_token": uuid4()}
    )
    assert response.status_code == 302
    assert list(round_table_a.resolutions.values_list("number", flat=True)) == [1, 2]


def test_resolution_numbers_are_unique_per_round_table(client_for, round_table_a):
    ResolutionFactory(round_table=round_table_a, number=1)
    url = reverse("roundtables:resolution_create", args=[round_table_a.pk])
    response = client_for("staff").post(
        url, {"number": 1, "text": "Ще одна", "form_token": uuid4()}
    )
    assert response.status_code == 200 and Resolution.objects.count() == 1
    assert "already exists" in response.content.decode()


def test_staff_edit_a_resolution(client_for, round_table_a):
    resolution = ResolutionFactory(round_table=round_table_a)
    url = reverse("roundtables:resolution_update", args=[resolution.pk])
    data = {"number": 3, "text": "Нова редакція", "version": 1}
    assert client_for("staff").post(url, data).status_code == 302
    resolution.refresh_from_db()
    assert (resolution.number, resolution.text, resolution.version) == (3, "Нова редакція", 2)


def test_a_resolution_edited_on_an_older_form_is_refused_with_what_changed(
    client_for, round_table_a
):
    resolution = ResolutionFactory(round_table=round_table_a, text="Перша редакція")
    url = reverse("roundtables:resolution_update", args=[resolution.pk])
    staff, admin = client_for("staff"), client_for("admin")
    loaded = staff.get(url).context["form"]["version"].value()
    first = admin.post(url, {"number": resolution.number, "text": "Друга", "version": loaded})

    late = staff.post(url, {"number": resolution.number, "text": "Третя", "version": loaded})

    assert (first.status_code, late.status_code) == (302, 409)
    page = late.content.decode()
    assert "Перша редакція" in page and "Друга" in page
    resolution.refresh_from_db()
    assert (resolution.text, resolution.version) == ("Друга", 2)
    # The same edit sent twice (a double click) is no conflict.
    again = admin.post(url, {"number": resolution.number, "text": "Друга", "version": loaded})
    assert again.status_code == 302


def test_a_resolution_edit_without_its_version_saves_nothing(client_for, round_table_a):
    resolution = ResolutionFactory(round_table=round_table_a, text="Перша редакція")
    url = reverse("roundtables:resolution_update", args=[resolution.pk])
    response = client_for("staff").post(url, {"number": resolution.number, "text": "Друга"})
    assert response.status_code == 200
    resolution.refresh_from_db()
    assert resolution.text == "Перша редакція"


def test_a_resolution_with_commitments_is_not_deleted(client_for, commitment_a):
    url = reverse("roundtables:resolution_delete", args=[commitment_a.resolution.pk])
    response = client_for("staff").post(url, {"confirmed": "yes"}, follow=True)
    assert "Commitments follow from this resolution" in response.content.decode()
    assert Resolution.objects.filter(pk=commitment_a.resolution.pk).exists()


def test_staff_delete_an_empty_resolution(client_for, round_table_a):
    resolution = ResolutionFactory(round_table=round_table_a)
    url = reverse("roundtables:resolution_delete", args=[resolution.pk])
    client = client_for("staff")
    # The first press asks; the confirmation page's button deletes.
    asked = client.post(url)
    assert asked.status_code == 200
    assert f"Delete resolution {resolution.number}?" in asked.content.decode()
    assert Resolution.objects.exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert not Resolution.objects.exists()


def test_staff_add_a_commitment_for_an_invited_community(client_for, cast, round_table_a):
    resolution = ResolutionFactory(round_table=round_table_a)
    url = reverse("roundtables:commitment_create", args=[resolution.pk])
    data = {
        "text": "Визначити координатора",
        "community": cast.community_a.pk,
        "responsible": "Виконком",
        "due_date": (today() + 60 * DAY).isoformat(),
        "form_token": uuid4(),
    }
    assert client_for("staff").post(url, data).status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.status, commitment.community) == ("open", cast.community_a)
    # Community B was not invited to this round table.
    response = client_for("staff").post(
        url, {**data, "community": cast.community_b.pk, "form_token": uuid4()}
    )
    assert response.status_code == 200 and Commitment.objects.count() == 1


def test_editing_a_commitment_leaves_its_status_to_the_log(client_for, cast, commitment_a):
    url = reverse("roundtables:commitment_update", args=[commitment_a.pk])
    data = {
        "text": "Змінений текст",
        "community": cast.community_a.pk,
        "responsible": "Староста",
        "due_date": today().isoformat(),
        "status": "done",
        "version": commitment_a.version,
    }
    assert client_for("staff").post(url, data).status_code == 302
    commitment_a.refresh_from_db()
    assert (commitment_a.text, commitment_a.status) == ("Змінений текст", "open")


# --- The community page's section ---


def test_the_community_page_shows_its_commitments(client_for, cast, commitment_a, commitment_b):
    CommitmentFactory(
        resolution=commitment_a.resolution, community=cast.community_a, due_date=today() - DAY
    )
    client = client_for("worker_a")
    response = client.get(reverse("communities:detail", args=[cast.community_a.pk]))
    page = response.content.decode()
    assert "Round-table commitments" in page
    assert "Обіцянка громади А" in page and "Обіцянка громади Б" not in page
    assert "1 commitment overdue." in page
    assert "Round tables: invited to 1, represented at 0." in page


def test_the_section_costs_two_queries_whatever_the_number(
    cast, eighteen_round_tables, django_assert_num_queries
):
    from roundtables.selectors import community_commitments_section

    with django_assert_num_queries(2):
        section = community_commitments_section(cast.staff, cast.community_a)
    assert len(section["commitments"]) == 18
    assert section["invited"] == 18 and section["represented"] > 0


def test_the_section_is_left_out_for_users_without_a_role(cast):
    from roundtables.selectors import community_commitments_section

    assert community_commitments_section(cast.outsider, cast.community_a) is None
