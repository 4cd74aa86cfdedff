"""One write path for round tables: the admin cannot go around the services, logs are
append-only, object-level rules answer per role and state, create forms are safe to
send twice and a stale edit is refused with what changed."""

import datetime
from uuid import uuid4

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import ProtectedError
from django.urls import reverse

from league import access
from league.domain import DomainError, StaleEdit
from league.tests.admin_forms import change_form_data
from league.tests.clock import today
from roundtables import services
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
    PDF_BYTES,
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    PlannedRoundTableFactory,
    ResolutionFactory,
    RoundTableFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:roundtables_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def commitment_a(round_table_a, cast):
    return CommitmentFactory(
        resolution=ResolutionFactory(round_table=round_table_a), community=cast.community_a
    )


@pytest.fixture
def logged(commitment_a, cast):
    """A commitment moved to "in progress" through the service, so it has a log entry."""
    services.commitment_status_change(
        commitment=commitment_a,
        status="in_progress",
        note="Розпочато",
        on_date=today() - DAY,
        changed_by=cast.staff,
    )
    return commitment_a


# --- The admin goes through the same rules ---------------------------------------------


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_the_admin_cannot_change_a_commitments_status_without_its_log(client_for, logged, role):
    client = client_for(role)
    url = admin_url(Commitment, "change", logged.pk)
    data = change_form_data(client.get(url))
    assert "status" not in data  # shown, not a field
    data.update(status="done", text="Змінено в адмінці")
    response = client.post(url, data)
    assert response.status_code == 302
    logged.refresh_from_db()
    assert (logged.text, logged.status) == ("Змінено в адмінці", "in_progress")
    assert logged.version == 3  # created 1, status change 2, admin save 3
    assert logged.updates.count() == 1


def test_the_resolution_admins_commitment_rows_leave_the_status_alone(client_for, logged):
    client = client_for("staff")
    url = admin_url(Resolution, "change", logged.resolution.pk)
    data = change_form_data(client.get(url))
    data["commitments-0-status"] = "dropped"
    data["commitments-0-text"] = "Нова редакція"
    assert client.post(url, data).status_code == 302
    logged.refresh_from_db()
    assert (logged.text, logged.status, logged.version) == ("Нова редакція", "in_progress", 3)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_no_role_adds_changes_or_deletes_commitment_updates_in_the_admin(client_for, logged, role):
    update = logged.updates.get()
    client = client_for(role)
    assert client.get(admin_url(CommitmentUpdate, "add")).status_code == 403
    assert client.post(admin_url(CommitmentUpdate, "add"), {"note": "x"}).status_code == 403
    change = admin_url(CommitmentUpdate, "change", update.pk)
    assert client.get(change).status_code == 200  # read-only view
    assert client.post(change, {"note": "Переписано", "status_after": "done"}).status_code == 403
    delete = admin_url(CommitmentUpdate, "delete", update.pk)
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"}
    client.post(admin_url(CommitmentUpdate), bulk)
    update.refresh_from_db()
    assert (update.note, update.status_after) == ("Розпочато", "in_progress")


def test_the_commitment_admins_log_rows_are_read_only(client_for, logged):
    client = client_for("staff")
    url = admin_url(Commitment, "change", logged.pk)
    data = change_form_data(client.get(url))
    data.update({"updates-0-id": logged.updates.get().pk, "updates-0-note": "Інакше"})
    data.update({"updates-0-DELETE": "on", "updates-TOTAL_FORMS": 1})
    client.post(url, data)
    assert logged.updates.get().note == "Розпочато"


def test_a_commitment_with_a_log_is_not_deleted_in_the_admin(client_for, logged):
    response = client_for("staff").post(admin_url(Commitment, "delete", logged.pk), {"post": "yes"})
    assert response.status_code == 403  # a commitment is never deleted: its log keeps it
    assert Commitment.objects.filter(pk=logged.pk).exists() and logged.updates.exists()


def test_an_admin_save_makes_an_open_edit_form_stale(client_for, commitment_a, cast):
    form_version = commitment_a.version
    client = client_for("staff")
    url = admin_url(Commitment, "change", commitment_a.pk)
    data = change_form_data(client.get(url))
    data["responsible"] = "Староста"
    client.post(url, data)
    commitment_a.text = "Мій текст"
    with pytest.raises(StaleEdit):
        services.commitment_save(
            commitment=commitment_a, changed_by=cast.staff, version=form_version
        )


# --- Logs are append-only ----------------------------------------------------------------


def test_a_commitment_update_is_never_changed_or_deleted_through_the_model(logged):
    update = logged.updates.get()
    update.note = "Переписано"
    for attempt in (
        update.save,
        update.delete,
        lambda: CommitmentUpdate.objects.filter(pk=update.pk).update(note="Інакше"),
        lambda: CommitmentUpdate.objects.all().delete(),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == "append_only"
    with pytest.raises(ProtectedError):
        logged.delete()  # the log would go with it
    assert CommitmentUpdate.objects.get().note == "Розпочато"


# --- Object-level rules ------------------------------------------------------------------

ROLES = ["anonymous", "worker_a", "worker_b", "council", "staff", "admin"]


def _user(cast, role):
    return AnonymousUser() if role == "anonymous" else getattr(cast, role)


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("minutes", {"worker_a", "worker_b", "council", "staff", "admin"}),
        ("photo", {"worker_a", "worker_b", "council", "staff", "admin"}),
        ("sign_in_sheet", {"staff", "admin"}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_rule_view_attachment(cast, round_table_a, kind, allowed, role):
    attachment = Attachment(round_table=round_table_a, kind=kind)
    assert access.allows(_user(cast, role), "roundtables.view_attachment", attachment) == (
        role in allowed
    )


@pytest.mark.parametrize("role", ROLES)
def test_rule_update_commitment(cast, commitment_a, role):
    allowed = {"worker_a", "staff", "admin"}
    assert access.allows(_user(cast, role), "roundtables.update_commitment", commitment_a) == (
        role in allowed
    )


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        ("held", {"staff", "admin"}),
        ("planned_in_future", set()),
        ("cancelled", set()),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_rule_record_attendance(cast, state, allowed, role):
    if state == "planned_in_future":
        round_table = PlannedRoundTableFactory(venue_community=cast.community_a)
    else:
        round_table = RoundTableFactory(venue_community=cast.community_a, status=state)
    assert access.allows(_user(cast, role), "roundtables.record_attendance", round_table) == (
        role in allowed
    )


@pytest.mark.parametrize(
    ("has_commitments", "allowed"), [(False, {"staff", "admin"}), (True, set())]
)
@pytest.mark.parametrize("role", ROLES)
def test_rule_delete_resolution(cast, round_table_a, has_commitments, allowed, role):
    resolution = ResolutionFactory(round_table=round_table_a)
    if has_commitments:
        CommitmentFactory(resolution=resolution, community=cast.community_a)
    assert access.allows(_user(cast, role), "roundtables.delete_resolution", resolution) == (
        role in allowed
    )


def test_a_sign_in_sheet_download_asks_the_rule(client_for, round_table_a, cast):
    attachment = Attachment.objects.create(
        round_table=round_table_a,
        kind=Attachment.Kind.SIGN_IN_SHEET,
        file="missing.pdf",
        original_name="sheet.pdf",
        content_type="application/pdf",
        size=1,
    )
    url = reverse("roundtables:attachment_download", args=[attachment.pk])
    assert client_for("worker_a").get(url).status_code == 403
    assert client_for("staff").get(url).status_code == 404  # allowed; the file is missing


def test_the_service_refuses_a_status_change_the_rule_refuses(commitment_a, cast):
    with pytest.raises(services.RoundTableError, match="may not update"):
        services.commitment_status_change(
            commitment=commitment_a,
            status="done",
            note="x",
            on_date=today(),
            changed_by=cast.worker_b,
        )
    assert not CommitmentUpdate.objects.exists()


# --- The status log chains ---------------------------------------------------------------


def test_a_change_dated_before_the_last_one_is_refused(logged, cast):
    with pytest.raises(services.RoundTableError, match="cannot be dated before it"):
        services.commitment_status_change(
            commitment=logged,
            status="done",
            note="Заднім числом",
            on_date=today() - 3 * DAY,
            changed_by=cast.staff,
        )
    update = services.commitment_status_change(
        commitment=logged,
        status="done",
        note="Того ж дня",
        on_date=today() - DAY,
        changed_by=cast.staff,
    )
    assert (update.status_before, update.status_after) == ("in_progress", "done")
    logged.refresh_from_db()
    assert logged.status == "done"


# --- Create forms sent twice ---------------------------------------------------------------


def _twice(client, url, data):
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    return first, second


def test_a_round_table_sent_twice_is_created_once(client_for, cast):
    from roundtables.tests.test_roundtable_views import form_data

    series = RoundTableFactory(venue_community=cast.community_a, number=1).series
    data = form_data(cast, series)
    first, second = _twice(client_for("staff"), reverse("roundtables:create"), data)
    created = RoundTable.objects.get(number=2)  # assigned: the next of the series
    assert first.url == second.url == created.get_absolute_url()


def test_a_resolution_sent_twice_is_added_once(client_for, round_table_a):
    url = reverse("roundtables:resolution_create", args=[round_table_a.pk])
    _twice(client_for("staff"), url, {"number": "", "text": "Рішення", "form_token": uuid4()})
    assert list(round_table_a.resolutions.values_list("number", flat=True)) == [1]


def test_a_commitment_sent_twice_is_added_once(client_for, cast, round_table_a):
    resolution = ResolutionFactory(round_table=round_table_a)
    data = {
        "text": "Координатор",
        "community": cast.community_a.pk,
        "responsible": "Виконком",
        "due_date": (today() + 30 * DAY).isoformat(),
        "form_token": uuid4(),
    }
    url = reverse("roundtables:commitment_create", args=[resolution.pk])
    _twice(client_for("staff"), url, data)
    assert Commitment.objects.count() == 1


def test_a_status_change_sent_twice_is_logged_once(client_for, commitment_a):
    url = reverse("roundtables:commitment_status", args=[commitment_a.pk])
    data = {"status": "done", "note": "Готово", "date": today().isoformat(), "form_token": uuid4()}
    _, second = _twice(client_for("worker_a"), url, data)
    assert second.url == url
    assert CommitmentUpdate.objects.count() == 1


def test_a_person_sent_twice_is_registered_once(client_for, cast):
    data = {
        "full_name": "Мельник Ганна",
        "position": "Староста",
        "community": cast.community_a.pk,
        "category": "head",
        "form_token": uuid4(),
    }
    _twice(client_for("staff"), reverse("roundtables:person_create"), data)
    assert Person.objects.count() == 1


def test_a_new_participant_sent_twice_is_added_once(client_for, cast, round_table_a):
    data = {
        "add_new": "1",
        "new-full_name": "Мельник Ганна",
        "new-position": "Староста",
        "new-community": cast.community_a.pk,
        "new-category": "head",
        "new-status": "invited",
        "new-form_token": uuid4(),
    }
    url = reverse("roundtables:participant_add", args=[round_table_a.pk])
    _twice(client_for("staff"), url, data)
    assert Person.objects.count() == 1 and Participation.objects.count() == 1


def test_a_registered_participant_sent_twice_is_listed_once(client_for, cast, round_table_a):
    person = PersonFactory(community=cast.community_a)
    data = {
        "invite_existing": "1",
        "existing-person": person.pk,
        "existing-status": "confirmed",
        "existing-form_token": uuid4(),
    }
    url = reverse("roundtables:participant_add", args=[round_table_a.pk])
    _twice(client_for("staff"), url, data)
    assert Participation.objects.get().status == "confirmed"


def test_an_attachment_sent_twice_is_stored_once(client_for, round_table_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("roundtables:attachment_upload", args=[round_table_a.pk])
    token = uuid4()
    client = client_for("staff")
    for _ in range(2):
        upload = SimpleUploadedFile("minutes.pdf", PDF_BYTES, content_type="application/pdf")
        data = {"kind": "minutes", "file": upload, "description": "", "form_token": token}
        assert client.post(url, data).status_code == 302
    assert Attachment.objects.count() == 1


def test_inviting_someone_already_listed_with_the_same_status_writes_nothing(cast, round_table_a):
    participation = ParticipationFactory(round_table=round_table_a, status="confirmed")
    again = services.participation_invite(
        round_table=round_table_a,
        person=participation.person,
        status="confirmed",
        changed_by=cast.staff,
    )
    assert again.pk == participation.pk and participation.history.count() == 1


# --- Stale edits are refused with what changed ----------------------------------------------


def test_a_stale_commitment_edit_is_refused_with_409_and_the_changes(
    client_for, cast, commitment_a
):
    url = reverse("roundtables:commitment_update", args=[commitment_a.pk])
    data = {
        "text": "Моя редакція",
        "community": cast.community_a.pk,
        "responsible": "Виконком",
        "due_date": commitment_a.due_date.isoformat(),
        "version": commitment_a.version,
    }
    services.commitment_status_change(
        commitment=commitment_a,
        status="done",
        note="Готово",
        on_date=today(),
        changed_by=cast.worker_a,
    )
    response = client_for("staff").post(url, data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile" in page and "Status" in page and str(cast.worker_a) in page
    commitment_a.refresh_from_db()
    assert commitment_a.text != "Моя редакція"
    # The refused form now carries the version saved meanwhile: saving again succeeds.
    assert response.context["form"]["version"].value() == commitment_a.version
    assert (
        client_for("staff").post(url, {**data, "version": commitment_a.version}).status_code == 302
    )


def test_a_double_click_on_a_commitment_edit_is_not_a_conflict(client_for, cast, commitment_a):
    url = reverse("roundtables:commitment_update", args=[commitment_a.pk])
    data = {
        "text": "Моя редакція",
        "community": cast.community_a.pk,
        "responsible": "Виконком",
        "due_date": commitment_a.due_date.isoformat(),
        "version": commitment_a.version,
    }
    _twice(client_for("staff"), url, data)
    commitment_a.refresh_from_db()
    assert (commitment_a.text, commitment_a.version) == ("Моя редакція", 2)


def test_a_stale_person_edit_is_refused_with_409(client_for, cast):
    person = PersonFactory(community=cast.community_a, position="Староста")
    url = reverse("roundtables:person_update", args=[person.pk])
    data = {
        "full_name": person.full_name,
        "position": "Голова",
        "community": cast.community_a.pk,
        "category": person.category,
        "version": person.version,
    }
    person.position = "Секретар"
    services.person_save(person=person, changed_by=cast.admin, version=person.version)
    response = client_for("staff").post(url, data)
    assert response.status_code == 409 and "Секретар" in response.content.decode()
    person.refresh_from_db()
    assert person.position == "Секретар"


def test_a_stale_round_table_edit_is_refused_with_409(client_for, cast, round_table_a):
    from roundtables.tests.test_roundtable_views import form_data

    data = form_data(cast, round_table_a.series, number=round_table_a.number, title="Моя назва")
    round_table_a.title = "Їхня назва"
    services.round_table_save(
        round_table=round_table_a,
        invited_communities=[cast.community_a],
        facilitators=[],
        agenda=[],
        changed_by=cast.admin,
        version=1,
    )
    response = client_for("staff").post(
        reverse("roundtables:update", args=[round_table_a.pk]), data
    )
    assert response.status_code == 409 and "Їхня назва" in response.content.decode()
    round_table_a.refresh_from_db()
    assert round_table_a.title == "Їхня назва"


def test_a_stale_round_table_edit_that_differs_only_in_invitations_is_refused(cast, round_table_a):
    round_table_a.title = "Нова назва"
    services.round_table_save(
        round_table=round_table_a,
        invited_communities=[cast.community_a],
        facilitators=[],
        agenda=[],
        changed_by=cast.admin,
        version=1,
    )
    stale = RoundTable.objects.get(pk=round_table_a.pk)
    with pytest.raises(StaleEdit) as refused:
        services.round_table_save(
            round_table=stale,
            invited_communities=[cast.community_a, cast.community_b],
            facilitators=[],
            agenda=[],
            changed_by=cast.staff,
            version=1,
        )
    assert refused.value.changes[0].by == str(cast.admin)
    # The same posted twice (a double click) is not a conflict.
    assert (
        services.round_table_save(
            round_table=stale,
            invited_communities=[cast.community_a],
            facilitators=[],
            agenda=[],
            changed_by=cast.staff,
            version=1,
        ).version
        == 2
    )


def test_a_stale_participation_status_is_refused_with_a_message(client_for, cast, round_table_a):
    participation = ParticipationFactory(round_table=round_table_a)
    url = reverse("roundtables:participation_status", args=[participation.pk])
    client = client_for("staff")
    assert client.post(url, {"status": "absent", "version": 1}).status_code == 302
    response = client.post(url, {"status": "confirmed", "version": 1}, follow=True)
    assert "while you were editing" in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == "absent"


def _sheet(participations, attended, versions=None):
    data = {"walkin-TOTAL_FORMS": 0, "walkin-INITIAL_FORMS": 0, "attended": attended}
    for participation in participations:
        data[f"version-{participation.pk}"] = (versions or {}).get(
            participation.pk, participation.version
        )
    return data


def test_a_stale_attendance_sheet_is_refused_with_409_and_the_changes(
    client_for, cast, round_table_a
):
    first, second = (
        ParticipationFactory(round_table=round_table_a, person__full_name=name)
        for name in ("Бойко Ірина", "Мороз Алла")
    )
    loaded = _sheet([first, second], [first.pk, second.pk])
    url = reverse("roundtables:attendance", args=[round_table_a.pk])
    client = client_for("staff")
    assert client.post(url, _sheet([first, second], [first.pk])).status_code == 302
    response = client.post(url, loaded)
    page = response.content.decode()
    assert response.status_code == 409 and "Мороз Алла" in page and "Saved meanwhile" in page
    assert f'name="version-{second.pk}" value="2"' in page  # the sheet reloaded
    second.refresh_from_db()
    assert second.status == "absent"
    # The same sheet sent twice is not a conflict.
    assert client.post(url, _sheet([first, second], [first.pk], {second.pk: 1})).status_code == 302


# --- Error branches ---------------------------------------------------------------------------


def test_attendance_on_a_cancelled_round_table_is_refused(client_for, cast):
    cancelled = RoundTableFactory(venue_community=cast.community_a, status="cancelled")
    participation = ParticipationFactory(round_table=cancelled)
    url = reverse("roundtables:attendance", args=[cancelled.pk])
    response = client_for("staff").post(
        url, _sheet([participation], [participation.pk]), follow=True
    )
    assert "was cancelled" in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == "invited"
    with pytest.raises(services.RoundTableError, match="cancelled"):
        services.participation_set_status(
            participation=participation, status="attended", changed_by=cast.staff, version=1
        )


def test_a_walk_in_already_listed_is_linked_not_added(cast, round_table_a):
    listed = ParticipationFactory(
        round_table=round_table_a,
        person=PersonFactory(full_name="Бойко Ірина", community=cast.community_a),
        status="absent",
    )
    attended = ParticipationFactory(
        round_table=round_table_a,
        person=PersonFactory(full_name="Мороз Алла", community=cast.community_a),
        status="attended",
    )
    walk_ins = [
        services.WalkIn("бойко  ірина", "Староста", "", cast.community_a, "head"),
        services.WalkIn("Мороз Алла", "Секретар", "", cast.community_a, "other"),
    ]
    result = services.attendance_record(
        round_table=round_table_a,
        attended_ids={attended.pk},
        walk_ins=walk_ins,
        recorded_by=cast.staff,
    )
    assert (result.attended, result.absent, result.walk_ins_added) == (2, 0, 0)
    assert result.walk_ins_found == ["Бойко Ірина", "Мороз Алла"]
    assert Person.objects.count() == 2 and Participation.objects.count() == 2
    listed.refresh_from_db()
    assert (listed.status, listed.walk_in, listed.version) == ("attended", False, 2)
    attended.refresh_from_db()
    assert attended.version == 1  # nothing changed for her: nothing written


def test_attendance_before_the_meeting_is_refused_by_the_service(cast):
    planned = PlannedRoundTableFactory(venue_community=cast.community_a)
    with pytest.raises(services.RoundTableError, match="on the day of the round table"):
        services.attendance_record(
            round_table=planned, attended_ids=set(), walk_ins=[], recorded_by=cast.staff
        )


def test_an_imported_person_already_registered_makes_open_forms_stale(cast, round_table_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = PersonFactory(full_name="Бойко Ірина", community=cast.community_a)
    header = "full_name;position;organisation;community_katottg;category;phone;email;consent;status"
    row = f"Бойко Ірина;Голова;;{cast.community_a.katottg};head;;;;invited"
    upload = SimpleUploadedFile("people.csv", f"{header}\n{row}\n".encode())
    services.participants_import(round_table=round_table_a, uploaded=upload, imported_by=cast.staff)
    person.refresh_from_db()
    assert (person.position, person.version) == ("Голова", 2)


def test_inviting_someone_listed_with_another_status_changes_it(cast, round_table_a):
    participation = ParticipationFactory(round_table=round_table_a, status="invited")
    services.participation_invite(
        round_table=round_table_a,
        person=participation.person,
        status="confirmed",
        changed_by=cast.staff,
    )
    participation.refresh_from_db()
    assert (participation.status, participation.version) == ("confirmed", 2)


@pytest.mark.parametrize(
    ("on_date", "note", "code"),
    [(lambda: today() + DAY, "Завтра", "future_date"), (today, "   ", "note_missing")],
)
def test_the_service_refuses_a_future_or_unexplained_change(
    commitment_a, cast, on_date, note, code
):
    with pytest.raises(services.RoundTableError) as refused:
        services.commitment_status_change(
            commitment=commitment_a,
            status="done",
            note=note,
            on_date=on_date(),
            changed_by=cast.staff,
        )
    assert refused.value.code == code and not CommitmentUpdate.objects.exists()


def test_a_refused_attachment_leaves_no_file_behind(cast, round_table_a, settings):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("minutes.pdf", PDF_BYTES, content_type="application/pdf")
    upload.original_name = "minutes.pdf"
    with pytest.raises(ValidationError):
        services.attachment_add(
            round_table=round_table_a,
            kind="minutes",
            uploaded_file=upload,
            description="x" * 301,
            uploaded_by=cast.staff,
        )
    assert not Attachment.objects.exists()
    media = settings.MEDIA_ROOT
    assert not [path for path in media.rglob("*") if path.is_file()]
