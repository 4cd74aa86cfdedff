"""Advocacy writes not met elsewhere: an oblast council's meeting keeps no raion or
community, a raion's meeting no community; a memorandum edited without a new document
keeps its document and its author."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.tests.factories import OblastFactory
from league.advocacy.models import AdvocacyMeeting, Memorandum
from league.advocacy.tests.test_advocacy import meeting_post
from league.tests.forms import post_form

PDF = b"%PDF-1.4\n%memo\n"


def test_an_oblast_councils_meeting_drops_the_raion_and_community_picked_before(client_for, cast):
    response = post_form(
        client_for("staff"), reverse("advocacy:meeting_create"), meeting_post(cast, level="oblast")
    )
    assert response.status_code == 302
    meeting = AdvocacyMeeting.objects.get()
    assert (meeting.level, meeting.oblast, meeting.raion, meeting.community) == (
        "oblast",
        cast.oblast,
        None,
        None,
    )


def test_an_oblast_councils_meeting_without_a_raion_keeps_the_oblast_given(client_for, cast):
    other = OblastFactory(name="Чернігівська", katottg="UA74000000000025378")
    response = post_form(
        client_for("staff"),
        reverse("advocacy:meeting_create"),
        meeting_post(cast, level="oblast", oblast=other.pk, raion="", community=""),
    )
    assert response.status_code == 302
    meeting = AdvocacyMeeting.objects.get()
    assert (meeting.oblast, meeting.raion, meeting.community) == (other, None, None)


def test_a_raion_councils_meeting_takes_the_raions_oblast_and_no_community(client_for, cast):
    other = OblastFactory(name="Чернігівська", katottg="UA74000000000025378")
    response = post_form(
        client_for("staff"),
        reverse("advocacy:meeting_create"),
        meeting_post(cast, level="raion", oblast=other.pk),
    )
    assert response.status_code == 302
    meeting = AdvocacyMeeting.objects.get()
    assert (meeting.oblast, meeting.raion, meeting.community) == (cast.oblast, cast.raion, None)


def test_a_memorandum_edited_without_a_new_document_keeps_its_document_and_author(client_for, cast):
    fields = {
        "oblast": cast.oblast.pk,
        "title": "Меморандум про співпрацю",
        "parties": "Ліга; Сумська обласна рада",
        "date_signed": "2016-10-20",
        "scope": "Громадський контроль",
        "valid_until": "2020-12-31",
        "status": "in_force",
    }
    post_form(
        client_for("staff"),
        reverse("advocacy:memorandum_create"),
        {**fields, "document_upload": SimpleUploadedFile("memo.pdf", PDF)},
    )
    memorandum = Memorandum.objects.get()
    response = post_form(
        client_for("admin"),
        reverse("advocacy:memorandum_edit", args=[memorandum.pk]),
        {**fields, "scope": "Громадський контроль і навчання"},
    )
    assert response.status_code == 302
    memorandum.refresh_from_db()
    assert (memorandum.scope, memorandum.created_by, memorandum.document_name) == (
        "Громадський контроль і навчання",
        cast.staff,
        "memo.pdf",
    )
    assert memorandum.history.first().history_user == cast.admin
    download = client_for("council").get(
        reverse("advocacy:memorandum_document", args=[memorandum.pk])
    )
    assert b"".join(download.streaming_content) == PDF


def test_a_follow_up_not_yet_done_is_edited_as_it_stands(cast):
    from league.advocacy import services
    from league.advocacy.tests.factories import FollowUpFactory

    follow_up = FollowUpFactory(meeting__oblast=cast.oblast)
    follow_up.text = "Надіслати проєкт програми і кошторис"
    services.follow_up_save(follow_up=follow_up, changed_by=cast.staff)
    follow_up.refresh_from_db()
    assert (follow_up.text, follow_up.done_on) == ("Надіслати проєкт програми і кошторис", None)
    assert follow_up.history.latest().history_user == cast.staff
