import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.plans.models import LocalProgramme
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum
from league.advocacy.tests.factories import FollowUpFactory, MeetingFactory, MemorandumFactory
from league.tests.forms import hidden_fields, post_form


def hidden_fields_of(form) -> dict:
    return {field.html_name: field.value() for field in form.hidden_fields()}


def meeting_post(cast, **changes):
    data = {
        "level": "community",
        "oblast": cast.oblast.pk,
        "raion": cast.raion.pk,
        "community": cast.community_a.pk,
        "date": "2017-09-14",
        "participants": "Міський голова; Ліга",
        "topic": "Програма на 2018 рік",
        "ask": "Кошти на допомогу постраждалим",
        "outcome": "promise",
        "programme": "",
    }
    data.update(changes)
    return data


def test_staff_record_a_meeting_with_a_community_council(client_for, cast):
    response = post_form(
        client_for("staff"), reverse("advocacy:meeting_create"), meeting_post(cast)
    )
    assert response.status_code == 302
    meeting = AdvocacyMeeting.objects.get()
    assert (meeting.community, meeting.raion, meeting.outcome) == (
        cast.community_a,
        cast.raion,
        "promise",
    )
    assert meeting.history.get().history_user == cast.staff


def test_a_community_meeting_without_its_community_is_refused(client_for, cast):
    response = post_form(
        client_for("staff"), reverse("advocacy:meeting_create"), meeting_post(cast, community="")
    )
    assert response.status_code == 200
    assert "Оберіть громаду." in response.content.decode()
    assert not AdvocacyMeeting.objects.exists()


def test_the_community_select_lists_only_the_chosen_raion(client_for, cast):
    client = client_for("staff")
    without = client.get(reverse("advocacy:meeting_create"))
    assert list(without.context["form"].fields["community"].queryset) == []
    with_raion = client.get(reverse("advocacy:meeting_create") + f"?raion={cast.raion.pk}")
    assert set(with_raion.context["form"].fields["community"].queryset) == {
        cast.community_a,
        cast.community_b,
    }


def test_a_meeting_links_the_programme_it_led_to(client_for, cast):
    meeting = MeetingFactory(
        oblast=cast.oblast, level="community", raion=cast.raion, community=cast.community_a
    )
    programme = LocalProgramme.objects.create(
        community=cast.community_a,
        kind="social",
        name="Соціальна програма",
        start_year=2018,
        end_year=2020,
    )
    other = LocalProgramme.objects.create(
        community=cast.community_b, kind="social", name="Інша", start_year=2018, end_year=2020
    )
    client = client_for("staff")
    url = reverse("advocacy:meeting_edit", args=[meeting.pk])
    refused = post_form(client, url, meeting_post(cast, outcome="adopted", programme=other.pk))
    assert refused.status_code == 200
    meeting.refresh_from_db()
    assert meeting.programme is None
    response = post_form(client, url, meeting_post(cast, outcome="adopted", programme=programme.pk))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.outcome, meeting.programme) == ("adopted", programme)


def test_workers_read_their_own_councils_meetings_only(client_for, cast):
    of_a = MeetingFactory(
        oblast=cast.oblast, level="community", raion=cast.raion, community=cast.community_a
    )
    of_b = MeetingFactory(
        oblast=cast.oblast, level="community", raion=cast.raion, community=cast.community_b
    )
    oblast_meeting = MeetingFactory(oblast=cast.oblast)
    page = client_for("worker_a").get(reverse("advocacy:meeting_list"))
    assert set(page.context["page"].object_list) == {of_a, oblast_meeting}
    council = client_for("council").get(reverse("advocacy:meeting_list"))
    assert set(council.context["page"].object_list) == {of_a, of_b, oblast_meeting}


def test_follow_ups_are_added_and_marked_done_once(client_for, cast):
    meeting = MeetingFactory(oblast=cast.oblast)
    client = client_for("staff")
    post_form(
        client,
        reverse("advocacy:follow_up_add", args=[meeting.pk]),
        {"text": "Надіслати розрахунки", "due_date": "2017-10-01", "form_token": uuid.uuid4()},
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.due_date == datetime.date(2017, 10, 1)
    assert follow_up.is_overdue
    for _ in range(2):
        post_form(client, reverse("advocacy:follow_up_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.done_on is not None
    assert follow_up.history.count() == 2  # created, marked done: the second post changed nothing


def test_a_follow_up_without_a_date_is_refused(client_for, cast):
    meeting = MeetingFactory(oblast=cast.oblast)
    response = post_form(
        client_for("staff"),
        reverse("advocacy:follow_up_add", args=[meeting.pk]),
        {"text": "x", "form_token": uuid.uuid4()},
        follow=True,
    )
    assert "Вкажіть, що треба зробити і до якої дати." in response.content.decode()
    assert not FollowUpFactory._meta.model.objects.exists()


def test_a_follow_up_sent_twice_is_added_once_and_lands_on_the_meeting(client_for, cast):
    meeting = MeetingFactory(oblast=cast.oblast)
    client = client_for("staff")
    page = client.get(meeting.get_absolute_url())
    data = {
        **hidden_fields_of(page.context["follow_up_form"]),
        "text": "Надіслати розрахунки",
        "due_date": "2017-10-01",
    }

    responses = [
        client.post(reverse("advocacy:follow_up_add", args=[meeting.pk]), data) for _ in range(2)
    ]

    assert FollowUp.objects.get().text == "Надіслати розрахунки"
    assert [response.url for response in responses] == [meeting.get_absolute_url()] * 2
    again = client.get(responses[1].url).content.decode()
    assert "Цю форму вже було збережено" in again


def test_a_follow_up_without_its_token_says_the_page_was_incomplete(client_for, cast):
    meeting = MeetingFactory(oblast=cast.oblast)
    response = client_for("staff").post(
        reverse("advocacy:follow_up_add", args=[meeting.pk]),
        {"text": "Лист", "due_date": "2017-10-01"},
        follow=True,
    )
    assert "Сторінка була неповна або застаріла" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_memorandum_with_its_document(client_for, cast):
    client = client_for("staff")
    response = post_form(
        client,
        reverse("advocacy:memorandum_create"),
        {
            "oblast": cast.oblast.pk,
            "title": "Меморандум про співпрацю",
            "parties": "Ліга; Сумська обласна рада",
            "date_signed": "2016-10-20",
            "scope": "Громадський контроль",
            "valid_until": "2020-12-31",
            "status": "in_force",
            "document_upload": SimpleUploadedFile("memo.pdf", b"%PDF-1.4\n%x\n"),
        },
    )
    assert response.status_code == 302
    memorandum = Memorandum.objects.get()
    assert memorandum.document_name == "memo.pdf"
    download = client_for("council").get(
        reverse("advocacy:memorandum_document", args=[memorandum.pk])
    )
    assert download.status_code == 200
    download.close()


def test_validity_cannot_end_before_signing(client_for, cast):
    memorandum = MemorandumFactory(oblast=cast.oblast)
    response = post_form(
        client_for("staff"),
        reverse("advocacy:memorandum_edit", args=[memorandum.pk]),
        {
            "oblast": cast.oblast.pk,
            "title": memorandum.title,
            "parties": memorandum.parties,
            "date_signed": "2016-10-20",
            "scope": "x",
            "valid_until": "2015-01-01",
            "status": "in_force",
        },
    )
    assert response.status_code == 200
    assert "Строк дії не може закінчитися раніше за підписання." in response.content.decode()
    memorandum.refresh_from_db()
    assert memorandum.valid_until is None


def test_a_meeting_form_sent_twice_records_one_meeting(client_for, cast):
    client = client_for("staff")
    url = reverse("advocacy:meeting_create")
    data = {**hidden_fields(client.get(url)), **meeting_post(cast)}
    first, second = client.post(url, data), client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == first.url
    assert AdvocacyMeeting.objects.count() == 1


def test_a_stale_meeting_edit_is_refused_with_what_changed(client_for, cast):
    meeting = MeetingFactory(community=cast.community_a, topic="Перша тема")
    url = reverse("advocacy:meeting_edit", args=[meeting.pk])
    client = client_for("staff")
    stale = hidden_fields(client.get(url))
    meeting.topic = "Друга тема"
    meeting.version += 1
    meeting.save()
    response = client.post(url, {**stale, **meeting_post(cast, topic="Третя тема")})
    assert response.status_code == 409
    assert "Друга тема" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.topic == "Друга тема"


def test_a_memorandum_document_is_checked_by_the_service(cast):
    from django.core.exceptions import ValidationError

    from league.advocacy import services

    memorandum = MemorandumFactory.build(oblast=cast.oblast)
    fake = SimpleUploadedFile("memo.pdf", b"<html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.memorandum_save(memorandum=memorandum, document=fake, changed_by=cast.staff)
    assert not Memorandum.objects.exists()
