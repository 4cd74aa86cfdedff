import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from league.advocacy.models import AdvocacyMeeting, FollowUp
from league.advocacy.tests.factories import FollowUpFactory, MeetingFactory, MemorandumFactory
from league.tests.admin_forms import change_form_data

PDF = b"%PDF-1.4\n%test\n"


def test_the_admin_saves_a_meeting_through_the_service(client_for, cast):
    response = client_for("staff").post(
        reverse("admin:advocacy_advocacymeeting_add"),
        {
            "oblast": cast.oblast.pk,
            "level": "raion",
            "raion": cast.raion.pk,
            "community": cast.community_a.pk,
            "date": "2017-05-05",
            "participants": "Районна рада",
            "topic": "Програма",
            "ask": "Кошти",
            "outcome": "promise",
            "follow_ups-TOTAL_FORMS": "0",
            "follow_ups-INITIAL_FORMS": "0",
            "form_token": str(uuid.uuid4()),  # the add form's one-time token
        },
    )
    assert response.status_code == 302
    meeting = AdvocacyMeeting.objects.get()
    # A raion-level meeting keeps no community: the service cleared it.
    assert (meeting.raion, meeting.community) == (cast.raion, None)
    assert meeting.history.get().history_user == cast.staff


def test_an_edit_in_the_admin_bumps_the_meetings_version(client_for, cast):
    meeting = MeetingFactory(oblast=cast.oblast)
    client = client_for("staff")
    url = reverse("admin:advocacy_advocacymeeting_change", args=[meeting.pk])
    data = change_form_data(client.get(url))
    data["topic"] = "Кошти на притулок"
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.version) == ("Кошти на притулок", 2)
    assert meeting.history.latest().history_user == cast.staff


def test_a_follow_up_done_keeps_its_first_date_in_the_admin(client_for, cast):
    follow_up = FollowUpFactory(
        meeting=MeetingFactory(oblast=cast.oblast), done_on=datetime.date(2017, 7, 3)
    )
    client = client_for("staff")
    url = reverse("admin:advocacy_followup_change", args=[follow_up.pk])
    data = change_form_data(client.get(url))
    assert "done_on" not in data  # read-only once done
    data.update(text="Надіслати програму ще раз", done_on="2017-08-01")
    assert client.post(url, data).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.text, follow_up.done_on) == (
        "Надіслати програму ще раз",
        datetime.date(2017, 7, 3),
    )
    assert follow_up.history.latest().history_user == cast.staff


def test_the_meetings_follow_up_rows_save_through_the_service(client_for, cast):
    meeting = MeetingFactory(oblast=cast.oblast)
    done = FollowUpFactory(meeting=meeting, done_on=datetime.date(2017, 7, 3))
    client = client_for("staff")
    url = reverse("admin:advocacy_advocacymeeting_change", args=[meeting.pk])
    data = change_form_data(client.get(url))
    data["follow_ups-0-done_on"] = "2017-09-09"
    data.update(
        {
            "follow_ups-TOTAL_FORMS": "2",
            "follow_ups-1-text": "Зустрітися з комісією",
            "follow_ups-1-due_date": "2017-10-01",
            "follow_ups-1-done_on": "",
            "follow_ups-1-meeting": meeting.pk,
        }
    )
    assert client.post(url, data).status_code == 302
    done.refresh_from_db()
    assert done.done_on == datetime.date(2017, 7, 3)
    added = FollowUp.objects.get(text="Зустрітися з комісією")
    assert (added.meeting, added.history.get().history_user) == (meeting, cast.staff)


def test_a_memorandum_saved_in_the_admin_has_its_document_checked_and_named(client_for, cast):
    memorandum = MemorandumFactory(oblast=cast.oblast, created_by=cast.staff)
    client = client_for("staff")
    url = reverse("admin:advocacy_memorandum_change", args=[memorandum.pk])
    data = change_form_data(client.get(url))
    refused = client.post(
        url, {**data, "document": SimpleUploadedFile("меморандум.pdf", b"plain text")}
    )
    assert "Приймаються лише файли PDF, JPEG і PNG" in refused.content.decode()
    memorandum.refresh_from_db()
    assert (memorandum.version, memorandum.document_name) == (1, "")
    saved = client.post(url, {**data, "document": SimpleUploadedFile("меморандум.pdf", PDF)})
    assert saved.status_code == 302
    memorandum.refresh_from_db()
    assert (memorandum.version, memorandum.document_name) == (2, "меморандум.pdf")
    assert memorandum.history.latest().history_user == cast.staff
